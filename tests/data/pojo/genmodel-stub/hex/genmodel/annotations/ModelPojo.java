package hex.genmodel.annotations;
import java.lang.annotation.*;
/** The annotation H2O puts on a generated POJO (hex.genmodel.annotations.ModelPojo). */
@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.TYPE)
public @interface ModelPojo { String name(); String algorithm(); }
