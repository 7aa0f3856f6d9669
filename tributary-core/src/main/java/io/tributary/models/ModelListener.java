package io.tributary.models;

/** Events of a models build, for the console (and later the server). */
public interface ModelListener {
    default void building(ModelSpec model, String where) {}

    default void built(ModelResult result) {}

    /** A model file that does not validate: its model is not built; the others are. */
    default void problem(String problem) {}

    ModelListener NONE = new ModelListener() {};
}
