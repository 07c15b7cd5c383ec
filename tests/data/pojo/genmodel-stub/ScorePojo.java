import java.io.*;
import java.util.*;

/**
 * Scores a CSV of the cat/dog data with the compiled storm.starter.GBMPojo and prints, per row,
 * preds[0], preds[1], preds[2] (label index, P(cat), P(dog)) with Java's shortest exact
 * double text. Usage: java ScorePojo FILE HAS_HEADER. Columns: Label, then the model's 15 features
 * in its NAMES order; CoatColor becomes its level index (NaN when unknown or empty).
 */
public class ScorePojo {
  public static void main(String[] args) throws IOException {
    storm.starter.GBMPojo model = new storm.starter.GBMPojo();
    String[] coat = model._domains[1];
    try (BufferedReader in = new BufferedReader(new FileReader(args[0]))) {
      String line;
      boolean skip = Boolean.parseBoolean(args[1]);
      while ((line = in.readLine()) != null) {
        if (skip) { skip = false; continue; }
        String[] cells = line.trim().split(",", -1);
        double[] data = new double[15];
        for (int i = 0; i < 15; i++) {
          String cell = cells[i + 1];
          if (i == 1) data[i] = Arrays.asList(coat).indexOf(cell) < 0 ? Double.NaN : Arrays.asList(coat).indexOf(cell);
          else data[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        }
        double[] preds = model.score0(data, new double[3]);
        System.out.println(preds[0] + "," + preds[1] + "," + preds[2]);
      }
    }
  }
}
