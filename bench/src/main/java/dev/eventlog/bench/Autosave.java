package dev.eventlog.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * P7: a note-autosave workload. Each note is edited in sessions of 3 to 12 saves about a second
 * apart with a pause longer than the window between them; every third session is by another user;
 * every save is its own ingest request. The ideal is DESIGN §3 applied to the saves' own
 * timestamps: per note and user, a save opens a new event when it is a window or more after the
 * open one's first save.
 */
final class Autosave {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private record Save(String note, String user, LocalDateTime at) {
    }

    private final Api api;
    private final Scale scale;

    Autosave(Api api, Scale scale) {
        this.api = api;
        this.scale = scale;
    }

    Result run() throws Exception {
        String[] tenant = api.newTenant("bench P7");
        String org = tenant[0];
        String ingestKey = api.newIngestKey();
        long storedBefore = api.stored();
        long receivedBefore = api.received();
        List<Save> saves = new CopyOnWriteArrayList<>();
        List<Thread> editors = new ArrayList<>();
        for (int n = 0; n < scale.autosaveNotes(); n++) {
            String note = "acti_p7_" + n;
            Random random = new Random(n);
            Thread editor = new Thread(() -> edit(org, ingestKey, note, random, saves));
            editor.start();
            editors.add(editor);
        }
        for (Thread editor : editors) {
            editor.join();
        }
        long deadline = System.nanoTime() + scale.deadline().toNanos();
        while (api.received() - receivedBefore < saves.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long stored = api.stored() - storedBefore;
        long ideal = ideal(saves);
        return new Result("P7 note autosave (consolidation)",
                String.format("%d notes × %d editing sessions, %,d saves ~1 s apart, window 5 s",
                        scale.autosaveNotes(), scale.autosaveSessions(), saves.size()),
                String.format("%,d events stored (%s saves/event)", stored, Result.num((double) saves.size() / stored)),
                String.format("%,d bursts (ideal)", ideal), Result.num((double) stored / ideal), "= ideal",
                stored == ideal, "");
    }

    private void edit(String org, String ingestKey, String note, Random random, List<Save> saves) {
        String text = "";
        try {
            for (int session = 0; session < scale.autosaveSessions(); session++) {
                String user = session % 3 == 2 ? "user_b" : "user_a";
                int count = 3 + random.nextInt(10);
                for (int i = 0; i < count; i++) {
                    String before = text;
                    text = text + (char) ('a' + random.nextInt(26));
                    LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC);
                    api.ingest(ingestKey, "[{\"organization_id\":\"" + org + "\",\"object_type\":\"activity.note\","
                            + "\"object_id\":\"" + note + "\",\"action\":\"updated\",\"user_id\":\"" + user + "\","
                            + "\"date_created\":\"" + TIME.format(at) + "\",\"before\":{\"id\":\"" + note + "\",\"note\":\""
                            + before + "\"},\"after\":{\"id\":\"" + note + "\",\"note\":\"" + text + "\"}}]");
                    saves.add(new Save(note, user, at));
                    Thread.sleep(600 + random.nextInt(800));
                }
                Thread.sleep(WINDOW.toMillis() + 1000 + random.nextInt(2000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long ideal(List<Save> saves) {
        Map<String, LocalDateTime> open = new HashMap<>();
        long bursts = 0;
        List<Save> inOrder = new ArrayList<>(saves);
        inOrder.sort(Comparator.comparing(Save::at));
        for (Save save : inOrder) {
            String key = save.note() + "/" + save.user();
            LocalDateTime start = open.get(key);
            if (start == null || !save.at().isBefore(start.plus(WINDOW))) {
                open.put(key, save.at());
                bursts++;
            }
        }
        return bursts;
    }
}
