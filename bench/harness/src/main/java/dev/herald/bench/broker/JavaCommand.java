package dev.herald.bench.broker;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The command line of a child JVM: the harness's own JDK (so Herald, Kafka and the clients all run on the same
 * Java), the given options and classpath, and the main class wrapped in {@link OrphanGuard}. Immutable.
 */
public record JavaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> arguments) {

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        arguments = List.copyOf(arguments);
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The jar holding {@link OrphanGuard}, which every child needs on its class path: the harness's jar, or when the
     * harness runs from a class folder (its own tests) a jar of OrphanGuard alone beside that folder, as the JVM's
     * class-data archives (Herald's AOT cache) take only jars on the class path. That jar is written only when its
     * content changes, so that an archive made with it stays valid.
     */
    public static String harnessClasses() {
        return GuardJar.PATH.toString();
    }

    private static final class GuardJar {
        static final Path PATH = locate();

        private static Path locate() {
            try {
                Path location = Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isDirectory(location)) {
                    return location;
                }
                String entry = OrphanGuard.class.getName().replace('.', '/') + ".class";
                byte[] guard = Files.readAllBytes(location.resolve(entry));
                Path jar = location.resolveSibling("orphan-guard.jar");
                if (!holds(jar, entry, guard)) {
                    Path written = Files.createTempFile(location.getParent(), "orphan-guard", ".jar");
                    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(written))) {
                        out.putNextEntry(new JarEntry(entry));
                        out.write(guard);
                        out.closeEntry();
                    }
                    Files.move(written, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return jar;
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot locate or package the harness's OrphanGuard", e);
            }
        }

        private static boolean holds(Path jar, String entry, byte[] content) {
            if (!Files.isRegularFile(jar)) {
                return false;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                JarEntry found = file.getJarEntry(entry);
                return found != null && Arrays.equals(file.getInputStream(found).readAllBytes(), content);
            } catch (IOException e) {
                return false;
            }
        }
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath + File.pathSeparator + harnessClasses());
        command.add(OrphanGuard.class.getName());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
