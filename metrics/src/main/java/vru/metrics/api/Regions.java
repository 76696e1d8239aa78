package vru.metrics.api;

import java.util.List;
import vru.metrics.internal.Areas;

/** English regions and Wales as groups of police force areas. */
public final class Regions {
  private Regions() {}

  /**
   * The other police force areas in a force's region (Wales counts as one region), in code order:
   * the comparison group a force's own annual review uses when no similar areas are configured.
   */
  public static List<String> sameRegion(String pfa) {
    return Areas.sameRegion(pfa);
  }
}
