import Foundation
import Testing
import YAMLLite
@testable import EvalKitGolden
@testable import FakeModelServer

/// The one-pass reader of golden files as evals writes them, against the full yaml-lite parser.
@Suite("GoldenFile reading")
struct GoldenFileReadingTests {
    static let path = "golden/s/t.golden"

    /// The file read through the full parser.
    static func parsed(_ text: String) throws(Diagnostic) -> GoldenFile {
        try GoldenFile.parse(SourceFile(path: path, text: text), suite: "s", target: "t")
    }

    /// The file read the way the store reads it (the one-pass reader, or the fallback).
    static func read(_ text: String) throws(Diagnostic) -> GoldenFile {
        try GoldenFile.read(data: Data(text.utf8), path: path, suite: "s", target: "t")
    }

    /// The file read by the one-pass reader alone; nil when it leaves the file to the parser.
    static func fast(_ text: String) -> GoldenFile? {
        GoldenFile.readWrittenLayout(Data(text.utf8), suite: "s", target: "t")
    }

    /// Texts that are hard to write and read back: quotes, colons, `#`, edge spaces, escapes,
    /// unicode, line breaks of every kind, indicators at the start, numbers and booleans.
    static let pieces: [String] = [
        "", " ", "  ", "a", "plain text", " leading", "trailing ", " both ", "a  b", "\"", "'", "\"quoted\"", "it's",
        ":", "a:", "a: b", "a:b", "key: value # c", "#", "# c", "a #b", "a#b", "-", "- a", "-a", "---", "...", "?", "? a",
        "[a]", "{a: b}", "{}", "[]", "&a", "*a", "!a", "%a", "@a", "`a`", "|", "|-", "|+", ">", "\\", "\\n", "a\\b",
        "null", "~", "true", "no", "1", "-3", "0x1F", "1e3", "1:30", ".inf", "\t", "a\tb", "\r", "a\r\nb", "\u{0}", "\u{7}",
        "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "é", "日本語", "😀", "👨‍👩‍👧‍👦", "e\u{301}", "\u{200B}", "\u{200D}",
        "\u{2028}", "\u{FEFF}", "\u{FFFF}", String(Unicode.Scalar(0xFFFE)!), "\u{E000}", "\u{10FFFF}", "\u{202E}x",
        "\n", "\n\n", "a\n", "a\nb", "a\nb\n", "a\nb\n\n", "a\nb\n\n\n", "\nlead", "a\n\nb", "a\n \nb", "a \nb", "a\n b",
        " a\nb", "  a\n  b\n", "x\n#not comment\n---\n...\n", "- a\n- b\n", "k: v\nw: x\n", "a\n\tb", "😀\n😀",
        String(repeating: "long ", count: 3000), String(repeating: "line\n", count: 200), String(repeating: "é", count: 5000),
    ]

    /// Entries whose ids, prompts and outputs take every piece, alone and combined.
    static func generatedEntries() -> [GoldenFile.Entry] {
        var generator = SplitMix64(seed: 11)
        var entries: [GoldenFile.Entry] = []
        for (index, piece) in pieces.enumerated() {
            entries.append(GoldenFile.Entry(id: piece.isEmpty ? "empty" : piece, prompt: piece, output: piece))
            entries.append(GoldenFile.Entry(id: "c\(index)", output: piece))
        }
        for index in 0..<2000 {
            let parts = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            let output = parts.joined(separator: ["", " ", "\n", ": "].randomElement(using: &generator)!)
            let prompt = Bool.random(using: &generator) ? nil : parts.reversed().joined()
            entries.append(GoldenFile.Entry(id: "r\(index)" + (parts.first ?? ""), prompt: prompt, output: output))
        }
        var seen: Set<String> = []
        return entries.filter { seen.insert($0.id).inserted }
    }

    @Test func everyWrittenFileReadsInOnePassAsTheParserReadsIt() throws {
        let entries = Self.generatedEntries()
        var files = [GoldenFile(suite: "s", target: "t"), GoldenFile(suite: "s", target: "t", model: "m", modelVersion: "v1, v2", entries: entries)]
        for (index, piece) in Self.pieces.enumerated() {
            files.append(GoldenFile(suite: "s", target: "t", model: piece, modelVersion: Self.pieces[(index + 7) % Self.pieces.count],
                                    entries: Array(entries[(index * 20)..<(index * 20 + 20)])))
        }
        for file in files {
            let text = file.render()
            let parsed = try Self.parsed(text)
            #expect(parsed == file)
            let fast = try #require(Self.fast(text), "the one-pass reader left a written file to the parser:\n\(text.prefix(2000))")
            #expect(fast == parsed)
            #expect(try Self.read(text) == parsed)
        }
    }

    @Test func everyLineOfTheWrittenFileIsKeptAsItWas() throws {
        let file = GoldenFile(suite: "s", target: "t", model: "m", entries: Self.generatedEntries())
        let tree = YAMLLite.write(Self.node(of: file), headerComment: GoldenFile.headerComment(suite: "s", target: "t"))
        #expect(file.render() == tree)
    }

    /// The file's node tree, as the writer wrote golden files before it streamed them.
    static func node(of file: GoldenFile) -> Node {
        var root: [Node.Entry] = []
        if let model = file.model { root.append(Node.Entry(key: "model", value: .scalar(model))) }
        if let version = file.modelVersion { root.append(Node.Entry(key: "model_version", value: .scalar(version))) }
        let cases = file.entries.map { entry in
            var fields: [Node.Entry] = []
            if let prompt = entry.prompt { fields.append(Node.Entry(key: "prompt", value: .scalar(prompt))) }
            fields.append(Node.Entry(key: "output", value: .scalar(entry.output)))
            return Node.Entry(key: entry.id, value: .mapping(fields))
        }
        root.append(Node.Entry(key: "cases", value: .mapping(cases)))
        return .mapping(root)
    }

    /// Valid files in styles evals never writes: the one-pass reader leaves them to the parser.
    static let handWritten: [String] = [
        "cases:\n  a:\n    output: 'single'\n",
        "cases:\n  a:\n    output: >\n      folded\n      text\n",
        "cases:\n  a:\n    output: |\n        deeper\n",
        "cases:\n  a:\n    output: |4\n          four\n",
        "cases:\n  a:\n    output: \"folded\n      over lines\"\n",
        "cases:\n  a:\n    output: \"\\x41\\/\"\n",
        "cases:\n  a:\n    output: \"\\uD83D\\uDE00\"\n",
        "cases:\n  a:\n    output: x # a comment\n",
        "cases:\n  a:\n    output: \"x\"  \n",
        "cases:\n  # a comment\n  a:\n    output: x\n",
        "cases:\n\n  a:\n    output: x\n",
        "cases:\n    a:\n        output: x\n",
        "cases:\n a:\n  output: x\n",
        "cases:\n  a: {output: x}\n",
        "cases:\n  a:\n    output: x\n    prompt: p\n",
        "cases:\n  a:\n    prompt:\n    output: x\n",
        "cases:\n  a:\n    output: x",
        "cases:\r\n  a:\r\n    output: x\r\n",
        "\u{FEFF}cases:\n  a:\n    output: x\n",
        "---\ncases:\n  a:\n    output: x\n",
        "cases:\n  a:\n    output: x\n...\n",
        "cases:\n  \"a\" :\n    output: x\n",
        "cases:\n  a:\n    output: plain\ttab\n",
        "cases:\n  a:\n    output: |\n      text\n\n",
        "cases:\n  a:\n    output: |-\n      text\n  \n",
        "cases:\n",
        "cases:\n  a:\n    output: |\n      a\n     \n      b\n",
    ]

    @Test(arguments: handWritten)
    func handWrittenFilesTakeTheParserAndReadAsBefore(_ text: String) throws {
        #expect(Self.fast(text) == nil)
        #expect(try Self.read(text) == Self.parsed(text))
    }

    /// Invalid files, each also a file the one-pass reader must leave to the parser.
    static let invalid: [String] = [
        "cases:\n  a:\n<<<<<<< HEAD\n    output: \"1\"\n=======\n    output: \"2\"\n>>>>>>> other\n",
        "cases:\n  a:\n    output: \"1\"\n=======\n",
        "model: m\ncases:\n  a:\n    prompt: x\n  b:\n    output: y\n",
        "cases:\n  a:\n    outptu: y\n",
        "model: m\ncase:\n  a:\n    output: y\n",
        "model: m\n",
        "# only a comment\n",
        "",
        "cases:\n  a:\n    output: x\n  a:\n    output: y\n",
        "cases:\n  a:\n    output: x\nmodel: m\nmodel: n\n",
        "cases:\n  a:\n    output: \"unterminated\n",
        "cases:\n  a:\n    output: \"bad \\q escape\"\n",
        "cases:\n  a:\n    output: \"raw \u{7} bell\"\n",
        "cases:\n  a:\n    output: raw \u{85} next line\n",
        "cases:\n  a:\n    output: a: b\n",
        "cases:\n  a:\n    output: x\n      more\n",
        "cases:\n  a:\n    output: \"x\" y\n",
        "model: [m]\ncases: {}\n",
        "cases:\n  a:\n    output: \"\\uD800\"\n",
        "# comment \u{1} control\ncases: {}\n",
    ]

    @Test(arguments: invalid)
    func invalidFilesReportWhatTheParserReports(_ text: String) {
        #expect(Self.fast(text) == nil)
        let expected = #expect(throws: Diagnostic.self) { try Self.parsed(text) }
        let actual = #expect(throws: Diagnostic.self) { try Self.read(text) }
        #expect(actual?.rendered() == expected?.rendered())
    }

    @Test func invalidUTF8IsReportedAsBefore() throws {
        var bytes = Array("cases:\n  a:\n    output: x".utf8)
        bytes += [0xC3, 0x28, UInt8(ascii: "\n")]
        let data = Data(bytes)
        #expect(GoldenFile.readWrittenLayout(data, suite: "s", target: "t") == nil)
        let error = #expect(throws: Diagnostic.self) { try GoldenFile.read(data: data, path: Self.path, suite: "s", target: "t") }
        #expect(error?.heading.hasPrefix("golden/s/t.golden:3:14: error: the file is not valid UTF-8") == true)
    }
}
