import Foundation
import YAMLLite

/// Reads and validates suite files (SPEC §4): parse, apply `--set` overrides, decode with the schema.
public enum SuiteLoader {
    /// Loads the suite at `path`; every problem, in the suite or its datasets, is a diagnostic at its place.
    ///
    /// With `streamingDatasets`, the datasets' cases are read and checked as fully, but spooled
    /// to a temporary file instead of held: `Suite.cases` then has the inline cases only, and
    /// `Suite.makeCaseCursor()` reads them all (SPEC §11).
    public static func load(path: String, overrides: [SuiteOverride] = [], streamingDatasets: Bool = false) throws(Diagnostic) -> Suite {
        let data: Data
        do {
            data = try TextFile.read(path)
        } catch {
            throw Diagnostic("cannot read suite file: \(error.message)", path: path)
        }
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        return try load(source: SourceFile(path: path, data: data), directory: directory, overrides: overrides, streamingDatasets: streamingDatasets)
    }

    /// Loads a suite from text already read; `directory` is where its datasets and scripts are.
    public static func load(source: SourceFile, directory: URL, overrides: [SuiteOverride] = [], streamingDatasets: Bool = false) throws(Diagnostic) -> Suite {
        var root = try YAMLLite.parse(source)
        if !overrides.isEmpty {
            var tree = root ?? Node(.mapping([]), mark: Mark(line: 1, column: 1), style: .block)
            for (index, override) in overrides.enumerated() {
                tree = try override.apply(to: tree, index: index)
            }
            root = tree
        }
        var decoder = SuiteDecoder(reader: SchemaReader(source: source, overrides: overrides), directory: directory)
        decoder.streamsDatasets = streamingDatasets
        return try decoder.decode(root)
    }
}
