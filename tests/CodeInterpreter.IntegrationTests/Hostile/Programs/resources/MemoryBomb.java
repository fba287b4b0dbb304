// Grow the heap until something stops it: the JVM's -Xmx (set from the limit) or the memory cgroup.
import java.util.ArrayList;
import java.util.List;

public class MemoryBomb {
    public static void main(String[] args) {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[4 * 1024 * 1024]);
            if (hog.size() > 1024) {
                System.out.println("ESCAPED memory: 32 GiB allocated");
                return;
            }
        }
    }
}
