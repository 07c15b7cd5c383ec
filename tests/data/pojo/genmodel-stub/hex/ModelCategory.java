package hex;
/** The categories a GenModel POJO of H2O 3.3 names (hex.ModelCategory). */
public enum ModelCategory { Unknown, Binomial, Multinomial, Regression, Clustering, AutoEncoder, DimReduction }
