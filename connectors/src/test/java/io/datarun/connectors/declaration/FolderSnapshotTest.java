package io.datarun.connectors.declaration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder compared by content: files added, changed and removed, also behind a ConfigMap's swapped link. */
class FolderSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void namesTheFilesAddedChangedAndRemovedAndNothingElse() throws IOException {
        Files.writeString(dir.resolve("same.yaml"), "name: same");
        Files.writeString(dir.resolve("changed.yaml"), "name: changed");
        Files.writeString(dir.resolve("removed.yml"), "name: removed");
        Files.writeString(dir.resolve("notes.txt"), "not a declaration");
        FolderSnapshot before = FolderSnapshot.scan(dir);

        Files.writeString(dir.resolve("changed.yaml"), "name: changed\nmapping: {}");
        Files.delete(dir.resolve("removed.yml"));
        Files.writeString(dir.resolve("added.yaml"), "name: added");
        Files.writeString(dir.resolve("notes.txt"), "changed, still not a declaration");

        assertThat(FolderSnapshot.scan(dir).differing(before)).containsExactlyInAnyOrder(
                dir.resolve("changed.yaml"), dir.resolve("removed.yml"), dir.resolve("added.yaml"));
        assertThat(FolderSnapshot.scan(dir).differing(FolderSnapshot.scan(dir))).isEmpty();
    }

    @Test
    void seesAKubernetesConfigMapUpdateWhereOnlyTheDataLinkIsRepointed() throws IOException {
        // how the kubelet lays a ConfigMap out: name.yaml -> ..data/name.yaml, ..data -> ..<timestamp>/
        Path v1 = Files.createDirectory(dir.resolve("..2026_12_07_10_00_00.1"));
        Files.writeString(v1.resolve("feed.yaml"), "name: feed\nbatchSize: 10");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(dir.resolve("feed.yaml"), Path.of("..data", "feed.yaml"));
        FolderSnapshot before = FolderSnapshot.scan(dir);
        assertThat(before.files()).containsOnlyKeys(dir.resolve("feed.yaml"));

        Path v2 = Files.createDirectory(dir.resolve("..2026_12_07_10_05_00.2"));
        Files.writeString(v2.resolve("feed.yaml"), "name: feed\nbatchSize: 20");
        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(FolderSnapshot.scan(dir).differing(before)).containsExactly(dir.resolve("feed.yaml"));
    }
}
