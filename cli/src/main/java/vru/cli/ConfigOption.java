package vru.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;

/** {@code --config vru.yaml}. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      required = true,
      description = "The partnership's configuration file (vru.yaml).")
  Path file;

  PartnershipConfig load() {
    return ConfigLoader.load(file);
  }
}
