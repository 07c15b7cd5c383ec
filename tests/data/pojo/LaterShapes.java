// Written for squall's tests (tests/pojo_import.cpp), not by H2O: a small multinomial DRF POJO in
// the shapes later H2O versions generate (h2o-3's SharedTreePojoWriter, TreeJCodeGen,
// DrfPojoWriter): NaN tests in the trees instead of SharedTree_clean, the 4-argument
// GenModel.bitSetContains, a subtree moved into a class of its own, DRF's normalisation loop.
// Its scores are worked out by hand in the test.
package later;

import hex.genmodel.GenModel;
import hex.genmodel.annotations.ModelPojo;

@ModelPojo(name="LaterShapes", algorithm="drf")
public class LaterShapes extends GenModel {
  public hex.ModelCategory getModelCategory() { return hex.ModelCategory.Multinomial; }
  public boolean isSupervised() { return true; }
  public int nfeatures() { return 2; }
  public int nclasses() { return 3; }
  public static final String[] NAMES = NamesHolder_LaterShapes.VALUES;
  public static final int NCLASSES = 3;
  public static final String[][] DOMAINS = new String[][] {
    /* x */ null,
    /* colour */ LaterShapes_ColInfo_1.VALUES,
    /* y */ new String[] {"a", "b", "c"},
  };
  public static final double[] PRIOR_CLASS_DISTRIB = {0.2,0.3,0.5};
  public static final double[] MODEL_CLASS_DISTRIB = {0.2,0.3,0.5};
  public LaterShapes() { super(NAMES,DOMAINS); }
  public String getUUID() { return Long.toString(-42L); }

  public final double[] score0( double[] data, double[] preds ) {
    java.util.Arrays.fill(preds,0);
    LaterShapes_Forest_0.score0(data,preds);
    double sum = 0;
    for(int i=1; i<preds.length; i++) { sum += preds[i]; }
    if (sum > 0) for(int i=1; i<preds.length; i++) { preds[i] /= sum; }
    preds[0] = hex.genmodel.GenModel.getPrediction(preds, PRIOR_CLASS_DISTRIB, data, 0.5);
    return preds;
  }
}
class NamesHolder_LaterShapes implements java.io.Serializable {
  public static final String[] VALUES = new String[2];
  static {
    NamesHolder_LaterShapes_0.fill(VALUES);
  }
  static final class NamesHolder_LaterShapes_0 implements java.io.Serializable {
    static final void fill(String[] sa) {
      sa[0] = "x";
      sa[1] = "colour";
    }
  }
}
class LaterShapes_ColInfo_1 implements java.io.Serializable {
  public static final String[] VALUES = new String[3];
  static {
    LaterShapes_ColInfo_1_0.fill(VALUES);
  }
  static final class LaterShapes_ColInfo_1_0 implements java.io.Serializable {
    static final void fill(String[] sa) {
      sa[0] = "red";
      sa[1] = "green";
      sa[2] = "blue";
    }
  }
}
class LaterShapes_Forest_0 {
  public static void score0(double[] fdata, double[] preds) {
    preds[1] += LaterShapes_Tree_0_class_0.score0(fdata);
    preds[2] += LaterShapes_Tree_0_class_1.score0(fdata);
    preds[3] += LaterShapes_Tree_0_class_2.score0(fdata);
  }
}
class LaterShapes_Tree_0_class_0 {
  static final double score0(double[] data) {
    double pred = (Double.isNaN(data[0]) || data[0 /* x */] <1.5f
      ? 0.7f
      : LaterShapes_Tree_0_class_0_1.score0(data));
    return pred;
  }
}
class LaterShapes_Tree_0_class_0_1 {
  static final double score0(double[] data) {
    double pred = (!Double.isNaN(data[1]) && GenModel.bitSetContains(GRPSPLIT0, 3, 0, data[1 /* colour */])
      ? 0.1f
      : 0.2f);
    return pred;
  }
  // {101}
  public static final byte[] GRPSPLIT0 = new byte[] {5};
}
class LaterShapes_Tree_0_class_1 {
  static final double score0(double[] data) {
    return (data[1 /* colour */] != 1.0f ? 0.2f : 0.6f);
  }
}
class LaterShapes_Tree_0_class_2 {
  static final double score0(double[] data) {
    return 0.1f;
  }
}
