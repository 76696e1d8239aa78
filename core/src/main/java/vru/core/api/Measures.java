package vru.core.api;

import java.util.List;

/** Identifiers of the national Serious Violence Duty success measures. */
public final class Measures {
  /** Hospital admissions for assault with a knife or sharp object (ICD-10 X99). */
  public static final String KNIFE_ADMISSIONS = "knife_admissions";

  /** Police-recorded knife or sharp-instrument offences. */
  public static final String KNIFE_CRIME = "knife_crime";

  /** Homicides recorded by the police (Homicide Index). */
  public static final String HOMICIDE = "homicide";

  /** The three national success measures, in the order the guidance lists them. */
  public static final List<String> NATIONAL = List.of(KNIFE_ADMISSIONS, KNIFE_CRIME, HOMICIDE);

  private Measures() {}
}
