package io.spectratrack.local.camera;

/**
 * One simulated camera.
 *
 * @param cameraId        camera id (Kafka key)
 * @param targetId        id of the target the operator starts on the first frame
 * @param targetLabel     free text carried into alerts
 * @param framesPerSecond exposure rate; HOT's cameras record at 25 fps
 * @param maxFrames       stop after this many exposures (0: until stopped)
 */
public record CameraSpec(String cameraId, String targetId, String targetLabel, double framesPerSecond, long maxFrames) {
    public CameraSpec {
        if (!(framesPerSecond > 0 && framesPerSecond <= 200)) {
            throw new IllegalArgumentException("frame rate must be in (0, 200] fps, got " + framesPerSecond);
        }
    }
}
