package vru.ingest.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Makes a finished folder visible in one rename, replacing any earlier one. */
final class Publisher {
  private Publisher() {}

  static void replace(Path staged, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      Path old = target.resolveSibling("." + target.getFileName() + ".old");
      deleteTree(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } else {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
