package io.datarun.gateway.directory;

import java.util.List;
import java.util.Map;

/** The directory as the UI reads it: each code with its names by language tag (zh-CN, en). */
public record DirectoryView(List<Named> departments, List<Named> purposes, List<Named> divisions) {

    /** One code and its names. */
    public record Named(String code, Map<String, String> name) {
    }
}
