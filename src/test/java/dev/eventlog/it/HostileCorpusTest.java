package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The corpus generator itself must not throw for any seed: HostileRequestsIT draws a new seed on
 * every run, and a generator bug (a cut of an already empty text) once failed CI at random.
 */
class HostileCorpusTest {

    private static final HostileCorpus.Context CONTEXT = new HostileCorpus.Context("orga_1", "key_a", "key_u", "key_i",
            "system", "whsub_1", "ev_1", "key_1");

    @Test
    void manySeedsGenerateWithoutFailing() {
        for (long seed = 0; seed < 400; seed++) {
            HostileCorpus corpus = new HostileCorpus(seed, CONTEXT);
            long replay = seed;
            assertDoesNotThrow(() -> {
                for (int i = 0; i < 300; i++) {
                    corpus.next();
                }
            }, () -> "seed " + replay);
        }
    }
}
