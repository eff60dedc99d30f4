import YAMLLite
import EvalKitSupport

/// The golden outputs of one suite on one target, as stored in `<suite>/<target>.golden` (SPEC §7.1).
///
/// The file is yaml-lite: a header comment naming the suite and target, `model:`, the
/// `model_version:` that served the outputs (SPEC §10.3; several joined by `, `), and `cases:`
/// mapping each case id to its `prompt` and `output`, in suite order, with no timestamps, so the
/// same outputs always render to the same bytes.
public struct GoldenFile: Sendable, Equatable {
    /// One case's recorded output.
    public struct Entry: Sendable, Equatable {
        public var id: String
        /// The rendered prompt the output answered; optional in hand-written files.
        public var prompt: String?
        public var output: String

        public init(id: String, prompt: String? = nil, output: String) {
            self.id = id
            self.prompt = prompt
            self.output = output
        }
    }

    public var suite: String
    public var target: String
    /// The target's model when the outputs were recorded.
    public var model: String?
    /// The model versions that served the recorded outputs, as the server named them, most
    /// cases first, joined by `, `; nil when the answers named none.
    public var modelVersion: String?
    /// The entries in file order, which is suite order for files evals writes.
    public var entries: [Entry]

    public init(suite: String, target: String, model: String? = nil, modelVersion: String? = nil, entries: [Entry] = []) {
        self.suite = suite
        self.target = target
        self.model = model
        self.modelVersion = modelVersion
        self.entries = entries
    }

    /// The entries by case id.
    public var entriesByID: [String: Entry] {
        Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The text of the comment on the first line of every golden file evals writes.
    public static func headerComment(suite: String, target: String) -> String {
        "Golden outputs of suite \(suite), target \(target). Written by evals; review changes like code."
    }

    /// The file's text: the header comment, then the yaml-lite document.
    public func render() -> String {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file's text as UTF-8, handed to `output` in chunks of about 64 KiB, byte for byte
    /// what `YAMLLite.write` writes for the file's node tree, without building that tree.
    public func write(_ output: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let chunk = 1 << 16
        var writer = BlockWriter()
        writer.comment(Self.headerComment(suite: suite, target: target))
        if let model { writer.scalarEntry(key: "model", value: model, indent: 0) }
        if let modelVersion { writer.scalarEntry(key: "model_version", value: modelVersion, indent: 0) }
        writer.mappingKey("cases", indent: 0, isEmpty: entries.isEmpty)
        for entry in entries {
            writer.mappingKey(entry.id, indent: 2, isEmpty: false)
            if let prompt = entry.prompt { writer.scalarEntry(key: "prompt", value: prompt, indent: 4) }
            writer.scalarEntry(key: "output", value: entry.output, indent: 4)
            if writer.pendingByteCount >= chunk { try writer.flush(output) }
        }
        try writer.flush(output)
    }

    static let topKeys = ["model", "model_version", "cases"]
    static let entryKeys = ["prompt", "output"]
    static let conflictMarkers = ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]

    /// Reads a golden file's text; every problem is a diagnostic at its line and column.
    ///
    /// Unresolved merge conflict markers are found before the yaml-lite parser sees the text,
    /// so they are reported as such rather than as whatever syntax error they cause.
    public static func parse(_ source: SourceFile, suite: String, target: String) throws(Diagnostic) -> GoldenFile {
        try checkConflictMarkers(source)
        guard let root = try YAMLLite.parse(source) else {
            throw source.diagnostic("golden file is empty; expected `cases:`", at: Mark(line: 1, column: 1))
        }
        guard let rootEntries = root.entries else {
            throw source.diagnostic("a golden file must be a mapping with `cases:`, not \(root.kindName)", at: root.mark)
        }
        try checkKeys(rootEntries, allowed: topKeys, in: source, what: "golden file")
        var file = GoldenFile(suite: suite, target: target)
        if let model = root.entry("model") {
            guard let text = model.value.scalar else {
                throw source.diagnostic("`model` must be a string, not \(model.value.kindName)", at: place(model))
            }
            file.model = text
        }
        if let version = root.entry("model_version") {
            guard let text = version.value.scalar else {
                throw source.diagnostic("`model_version` must be a string, not \(version.value.kindName)", at: place(version))
            }
            file.modelVersion = text
        }
        guard let cases = root.entry("cases") else {
            throw source.diagnostic("golden file has no `cases:` mapping", at: Mark(line: 1, column: 1))
        }
        if cases.value.isNull { return file }
        guard let caseEntries = cases.value.entries else {
            throw source.diagnostic("`cases` must be a mapping from case id to `prompt` and `output`, not \(cases.value.kindName)", at: place(cases))
        }
        for item in caseEntries {
            guard let fields = item.value.entries else {
                throw source.diagnostic("golden entry '\(item.key)' must be a mapping with `output`, not \(item.value.kindName)", at: place(item))
            }
            try checkKeys(fields, allowed: entryKeys, in: source, what: "golden entry '\(item.key)'")
            guard let output = item.value.entry("output") else {
                throw source.diagnostic("golden entry '\(item.key)' has no `output`", at: item.keyMark)
            }
            guard let outputText = output.value.scalar else {
                throw source.diagnostic("`output` of golden entry '\(item.key)' must be a string, not \(output.value.kindName)", at: place(output))
            }
            var prompt: String?
            if let promptEntry = item.value.entry("prompt"), !promptEntry.value.isNull {
                guard let text = promptEntry.value.scalar else {
                    throw source.diagnostic("`prompt` of golden entry '\(item.key)' must be a string, not \(promptEntry.value.kindName)", at: place(promptEntry))
                }
                prompt = text
            }
            file.entries.append(Entry(id: item.key, prompt: prompt, output: outputText))
        }
        return file
    }

    private static func checkConflictMarkers(_ source: SourceFile) throws(Diagnostic) {
        var number = 1
        while let line = source.line(number) {
            if let marker = conflictMarkers.first(where: { line.hasPrefix($0) }) {
                throw source.diagnostic("unresolved merge conflict marker `\(marker)` in golden file; resolve the conflict, or record the file again and review it", at: Mark(line: number, column: 1))
            }
            number += 1
        }
    }

    /// Where a problem with an entry's value is shown: the value, or its key when the value is empty.
    private static func place(_ entry: Node.Entry) -> Mark {
        entry.value.isNull || entry.value.mark.isNone ? entry.keyMark : entry.value.mark
    }

    private static func checkKeys(_ entries: [Node.Entry], allowed: [String], in source: SourceFile, what: String) throws(Diagnostic) {
        for entry in entries where !allowed.contains(entry.key) {
            let hint = EditDistance.didYouMean(entry.key, in: allowed)
            let expected = allowed.map { "`\($0)`" }.joined(separator: ", ")
            throw source.diagnostic("unknown key '\(entry.key)' in \(what)\(hint); expected \(expected)", at: entry.keyMark)
        }
    }
}
