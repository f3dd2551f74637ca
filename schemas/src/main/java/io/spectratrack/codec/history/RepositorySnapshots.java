package io.spectratrack.codec.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every state the schema folder has had: one snapshot per commit that changed it, oldest first,
 * then the working tree (which equals the last commit in a clean checkout, and otherwise holds the
 * version about to be committed).
 */
public final class RepositorySnapshots {
    private RepositorySnapshots() {}

    public static List<SchemaSnapshot> of(GitRepository git) {
        List<SchemaSnapshot> snapshots = new ArrayList<>();
        String prefix = SchemaSnapshot.AVRO_DIR + "/";
        for (String commit : git.commitsTouching(SchemaSnapshot.AVRO_DIR)) {
            Map<String, String> files = new TreeMap<>();
            for (String path : git.filesAt(commit, SchemaSnapshot.AVRO_DIR)) {
                if (path.endsWith(".avsc")) files.put(path.substring(prefix.length()), git.show(commit, path));
            }
            snapshots.add(new SchemaSnapshot(commit, files));
        }
        snapshots.add(SchemaSnapshot.ofDirectory(git.root().resolve(SchemaSnapshot.AVRO_DIR)));
        return snapshots;
    }
}
