package dev.clusterutils.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The working copy as git status --porcelain=v2 --branch describes it (real outputs of git 2.39). */
class GitStatusTest {
    @Test
    void aCleanCheckoutOfABranch() {
        GitCheckout.Status s = GitCheckout.Status.parse("""
                # branch.oid 47f8951c0a6c9b7b7dbd3f0f2ad2b8f1a7f5e0aa
                # branch.head main
                # branch.upstream origin/main
                # branch.ab +0 -0
                """);
        assertEquals("47f8951c0a6c9b7b7dbd3f0f2ad2b8f1a7f5e0aa", s.commit());
        assertEquals("main", s.branch());
        assertFalse(s.dirty());
        assertEquals(List.of(), s.untracked());
    }

    @Test
    void changedRenamedAndUntrackedFilesMakeItDirty() {
        GitCheckout.Status s = GitCheckout.Status.parse("""
                # branch.oid 1111111111111111111111111111111111111111
                # branch.head feature/x
                1 .M N... 100644 100644 100644 3b18e512dba79e4c8300dd08aeb37f8e728b8dad 3b18e512dba79e4c8300dd08aeb37f8e728b8dad train.py
                2 R. N... 100644 100644 100644 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa R100 new name.py\told.py
                ? data/a b.csv
                ? notes.txt
                """);
        assertTrue(s.dirty());
        assertEquals("feature/x", s.branch());
        assertEquals(List.of("data/a b.csv", "notes.txt"), s.untracked());
    }

    @Test
    void onlyAnUntrackedFileMakesItDirty() {
        GitCheckout.Status s = GitCheckout.Status.parse("# branch.oid 2222222222222222222222222222222222222222\n"
                + "# branch.head main\n? scratch.py\n");
        assertTrue(s.dirty());
        assertEquals(List.of("scratch.py"), s.untracked());
    }

    @Test
    void aDetachedHeadIsCalledHeadAsRevParseCallsIt() {
        GitCheckout.Status s = GitCheckout.Status.parse("# branch.oid 3333333333333333333333333333333333333333\n"
                + "# branch.head (detached)\n");
        assertEquals("HEAD", s.branch());
    }

    @Test
    void beforeTheFirstCommitThereIsNeitherCommitNorBranch() {
        GitCheckout.Status s = GitCheckout.Status.parse("# branch.oid (initial)\n# branch.head main\n? train.py\n");
        assertEquals("", s.commit());
        assertEquals("", s.branch());
        assertTrue(s.dirty());
    }
}
