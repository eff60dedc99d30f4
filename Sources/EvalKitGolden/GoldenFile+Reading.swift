import Foundation
import YAMLLite

extension GoldenFile {
    /// Reads a golden file's bytes: in one pass when they are laid out as evals writes them,
    /// otherwise (a hand-edited file, any other yaml-lite style, or a problem) with the full
    /// yaml-lite parser, which reads every valid file and reports every problem at its line and
    /// column. Both give the same `GoldenFile`.
    public static func read(data: Data, path: String, suite: String, target: String) throws(Diagnostic) -> GoldenFile {
        if let file = readWrittenLayout(data, suite: suite, target: target) { return file }
        return try parse(SourceFile(path: path, data: data), suite: suite, target: target)
    }

    /// The file read straight from its bytes when it is in the layout `write` produces (keys in
    /// any order), or nil for anything else, including every file the full parser would reject.
    static func readWrittenLayout(_ data: Data, suite: String, target: String) -> GoldenFile? {
        WrittenLayoutScanner.scan(data) { scanner in
            guard scanner.skipComments() else { return nil }
            var file = GoldenFile(suite: suite, target: target)
            var seenKeys: Set<String> = []
            var sawCases = false
            while true {
                guard let item = scanner.next(indent: 0) else { return nil }
                guard case .entry(let key, let value) = item else { break }
                guard seenKeys.insert(key).inserted else { return nil }
                switch (key, value) {
                case ("model", .scalar(let text)):
                    file.model = text
                case ("model_version", .scalar(let text)):
                    file.modelVersion = text
                case ("cases", .emptyMapping):
                    sawCases = true
                case ("cases", .nested):
                    guard readEntries(&scanner, into: &file.entries) else { return nil }
                    sawCases = true
                default:
                    return nil
                }
            }
            return sawCases ? file : nil
        }
    }

    /// Reads the entries of `cases:`, at least one; false when they are not in the written layout.
    private static func readEntries(_ scanner: inout WrittenLayoutScanner, into entries: inout [Entry]) -> Bool {
        var ids: Set<String> = []
        while true {
            guard let item = scanner.next(indent: 2) else { return false }
            guard case .entry(let id, .nested) = item else { return item == .end && !entries.isEmpty }
            guard ids.insert(id).inserted else { return false }
            var prompt: String?
            var output: String?
            while true {
                guard let field = scanner.next(indent: 4) else { return false }
                switch field {
                case .entry("prompt", .scalar(let text)) where prompt == nil && output == nil:
                    prompt = text
                case .entry("output", .scalar(let text)) where output == nil:
                    output = text
                case .end:
                    guard let output else { return false }
                    entries.append(Entry(id: id, prompt: prompt, output: output))
                default:
                    return false
                }
                if field == .end { break }
            }
        }
    }
}
