package vru.ingest.api.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import vru.ingest.api.generate.EventModel.Stream;

/**
 * A HES admitted-patient-care style extract for one financial year: one row per episode, spells of
 * one or more episodes, HES codes for admission method (21 emergency via A&E, 22 via GP, 11
 * elective) and sex (1 male, 2 female), ICD-10 codes written as in HES without the dot. Knife
 * assaults carry X99 as the external cause, or (one in twenty) only in a secondary diagnosis
 * position. Other injuries give the measure's filter something to reject: other assaults (X85-Y09),
 * accidental sharp-object injuries (W25/W26), self-harm (X78), undetermined intent (Y28), falls and
 * transport accidents.
 */
final class AdmissionsWriter extends EventFileWriter {
  static final String HEADER =
      "episode_id,spell_id,admission_date,admission_method,episode_order,age,sex,lsoa_code,"
          + "diag_01,diag_02,diag_03,cause";

  private static final String[] WOUNDS = {"S211", "S311", "S518", "S619", "S711", "S018", "T019"};
  private static final String[] OTHER_INJURIES = {"S062", "S720", "S422", "S525", "T141", "S099"};
  private static final double[] OTHER_KINDS = {14, 18, 10, 3, 45, 10};

  private static final Stream[] STREAMS = {Stream.KNIFE_ADMISSION, Stream.OTHER_ADMISSION};

  private long spells;
  private long episodes;

  private AdmissionsWriter(SplittableRandom random, RecordFile file, GenerateOptions o, int fy) {
    super(random, file, o, fy);
  }

  static GeneratedFile write(EventModel model, int fy, Path out, GenerateOptions o)
      throws IOException {
    String name = String.format("hes-apc-FY%d-%02d.csv", fy, (fy + 1) % 100);
    return EventFileWriter.write(
        model,
        fy,
        o,
        out.resolve("hospital").resolve(name),
        "hospital-admissions",
        HEADER,
        STREAMS,
        "hospital",
        AdmissionsWriter::new);
  }

  /** One spell: one episode, or two (20%). */
  @Override
  void event(SyntheticGeography.PfaLsoas area, Stream s, LocalDate month) throws IOException {
    Spell spell = spell(random, s == Stream.KNIFE_ADMISSION);
    spells++;
    String lsoa = area.sample(random).code();
    LocalDate date = Draw.day(random, month);
    int age = Draw.age(random, spell.ages);
    char sex = Draw.chance(random, spell.maleShare) ? '1' : '2';
    int count = Draw.chance(random, 0.2) ? 2 : 1;
    for (int e = 1; e <= count; e++) {
      row.setLength(0);
      row.append("EP").append(fy).append('-');
      Draw.pad(row, ++episodes, 9).append(',');
      row.append("SP").append(fy).append('-');
      Draw.pad(row, spells, 9).append(',');
      row.append(date).append(',').append(spell.method).append(',').append(e).append(',');
      row.append(age).append(',').append(sex).append(',').append(lsoa).append(',');
      row.append(spell.diag1).append(',').append(spell.diag2).append(',');
      row.append(spell.diag3).append(',').append(spell.cause);
      emit(row.toString());
    }
  }

  private record Spell(
      String method,
      String diag1,
      String diag2,
      String diag3,
      String cause,
      double[] ages,
      double maleShare) {}

  private static Spell spell(SplittableRandom r, boolean knife) {
    if (knife) {
      String wound = WOUNDS[r.nextInt(WOUNDS.length)];
      String x99 = "X99" + r.nextInt(10);
      String method = Draw.chance(r, 0.9) ? "21" : "22";
      if (Draw.chance(r, 0.05)) {
        return new Spell(method, wound, "", x99, "", Draw.KNIFE_ADMISSION_AGE, 0.88);
      }
      return new Spell(method, wound, "", "", x99, Draw.KNIFE_ADMISSION_AGE, 0.88);
    }
    String injury = OTHER_INJURIES[r.nextInt(OTHER_INJURIES.length)];
    String method = Draw.chance(r, 0.85) ? "21" : "11";
    String place = Integer.toString(r.nextInt(10));
    return switch (Draw.weighted(r, OTHER_KINDS)) {
      case 0 -> {
        int c = 85 + r.nextInt(24); // X85-X98 and Y00-Y09, X99 excluded
        String code = c <= 98 ? "X" + c : "Y0" + (c - 99);
        yield new Spell(method, injury, "", "", code + place, Draw.GENERAL_AGE, 0.75);
      }
      case 1 ->
          new Spell(
              method,
              WOUNDS[r.nextInt(WOUNDS.length)],
              "",
              "",
              (r.nextBoolean() ? "W25" : "W26") + place,
              Draw.GENERAL_AGE,
              0.6);
      case 2 ->
          new Spell(
              method,
              WOUNDS[r.nextInt(WOUNDS.length)],
              "",
              "",
              "X78" + place,
              Draw.GENERAL_AGE,
              0.4);
      case 3 -> new Spell(method, injury, "", "", "Y28" + place, Draw.GENERAL_AGE, 0.6);
      case 4 ->
          new Spell(
              method, injury, "", "", "W" + (10 + r.nextInt(9)) + place, Draw.FALLS_AGE, 0.45);
      default ->
          new Spell(
              method, injury, "", "", "V" + (10 + r.nextInt(80)) + place, Draw.GENERAL_AGE, 0.6);
    };
  }

  @Override
  String spoil(String line, String previous) {
    String[] f = line.split(",", -1);
    switch (random.nextInt(4)) {
      case 0 -> {
        f[2] =
            f[2].substring(8, 10) + "/" + f[2].substring(5, 7) + "/" + f[2].substring(0, 4) + "x";
        file.dirty("bad_date");
      }
      case 1 -> {
        f[7] = "E01999998";
        file.dirty("unknown_lsoa");
      }
      case 2 -> {
        f[11] = f[11].isEmpty() ? "" : "X9?" + f[11].substring(3);
        f[10] = f[10].isEmpty() ? "" : "X9?" + f[10].substring(3);
        if (f[11].isEmpty() && f[10].isEmpty()) {
          f[8] = "S2";
        }
        file.dirty("bad_icd10_code");
      }
      default -> {
        if (previous != null) {
          file.dirty("duplicate");
          return previous;
        }
        return line;
      }
    }
    return String.join(",", f);
  }
}
