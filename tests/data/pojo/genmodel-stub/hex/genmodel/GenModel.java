package hex.genmodel;

/**
 * The part of h2o-genmodel's hex.genmodel.GenModel (H2O 3.3, 2015) that a GBM POJO of that time
 * calls, written from H2O's public source to score GBMPojo.java in a JVM: the independent check of
 * squall's POJO importer (tests/pojo_import.cpp). Semantics, as H2O's:
 *  - SharedTree_clean: NaN becomes -Double.MAX_VALUE, so NaN goes the "less than" way;
 *  - bitSetContains(bits, bitoff, num): (int) of -Double.MAX_VALUE (Integer.MIN_VALUE) counts as
 *    level 0; a level outside the bytes is not contained;
 *  - getPrediction: for two classes, class 1 when preds[2] >= threshold.
 */
public abstract class GenModel {
  public final String[] _names;
  public final String[][] _domains;
  public GenModel(String[] names, String[][] domains) { _names = names; _domains = domains; }
  public abstract hex.ModelCategory getModelCategory();
  public boolean isSupervised() { return false; }
  public int nfeatures() { return _names.length; }
  public int nclasses() { return 0; }
  public abstract String getUUID();
  public abstract double[] score0(double[] data, double[] preds);

  public static double[] SharedTree_clean(double[] data) {
    double[] fs = new double[data.length];
    for (int i = 0; i < data.length; i++) fs[i] = Double.isNaN(data[i]) ? -Double.MAX_VALUE : data[i];
    return fs;
  }

  public static boolean bitSetContains(byte[] bits, int bitoff, int num) {
    if (num == Integer.MIN_VALUE) num = 0;
    num -= bitoff;
    return num >= 0 && num < (bits.length << 3) && (bits[num >> 3] & ((byte) 1 << (num & 7))) != 0;
  }

  public static int getPrediction(double[] preds, double[] priorClassDist, double[] data, double threshold) {
    if (preds.length == 3) return preds[2] >= threshold ? 1 : 0;
    int best = 1;
    for (int c = 2; c < preds.length; c++) if (preds[best] < preds[c]) best = c;
    return best - 1;  // no ties in the fixtures' binomial model; multinomial ties are not scored here
  }
}
