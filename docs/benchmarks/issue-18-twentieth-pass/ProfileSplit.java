import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * How the twentieth pass split a JFR recording of the service: execution samples counted by thread (digits in thread
 * names folded), and the follow-up listeners' samples by the first of these parts, in this order, whose method is on
 * their stack. Run as {@code java ProfileSplit.java recording.jfr} (JDK 17 or later).
 */
public class ProfileSplit {

    private static final String[][] PARTS = {
            {"email rendered (Thymeleaf)", "dev.checkstand.notification.EmailTemplates.render"},
            {"email: the rest (view, insert)", "dev.checkstand.notification.CustomerEmails.on"},
            {"fulfillment listener", "dev.checkstand.fulfillment.FulfillmentTriggers."},
            {"writes put off to the commit", "dev.checkstand.platform.WrittenBeforeCommit."},
            {"commit", "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit"},
    };

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, Integer>> byThread = new TreeMap<>();
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String name = thread == null || thread.getJavaName() == null ? "?"
                        : thread.getJavaName().replaceAll("\\d+", "N");
                String part = name.startsWith("listener-batch") ? part(event) : "";
                byThread.computeIfAbsent(name, k -> new TreeMap<>()).merge(part, 1, Integer::sum);
            }
        }
        int all = byThread.values().stream().flatMap(parts -> parts.values().stream()).mapToInt(n -> n).sum();
        System.out.println("samples: " + all);
        byThread.forEach((thread, parts) -> System.out.println(thread + " "
                + parts.values().stream().mapToInt(n -> n).sum() + (parts.size() > 1 ? " " + parts : "")));
    }

    private static String part(RecordedEvent event) {
        List<String> methods = new ArrayList<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
        }
        for (String[] part : PARTS) {
            for (String method : methods) {
                if (method.startsWith(part[1])) {
                    return part[0];
                }
            }
        }
        return "other";
    }
}
