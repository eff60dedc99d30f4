import Foundation
import YAMLLite
import EvalKitSupport

/// Reads schema-typed values (strings, numbers, booleans, lists) out of yaml-lite nodes, each
/// error at the value or key it is about.
///
/// Nodes that a `--set` option put in the tree carry a mark with a negative line, `-(i + 1)`
/// for option `i`; an error at such a mark names the option instead of a place in the file.
struct SchemaReader {
    let source: SourceFile
    let overrides: [SuiteOverride]

    init(source: SourceFile, overrides: [SuiteOverride] = []) {
        self.source = source
        self.overrides = overrides
    }

    // MARK: Diagnostics

    /// An error at `mark` in the suite file, or naming the override the mark belongs to.
    func error(_ message: String, at mark: Mark) -> Diagnostic {
        if let option = option(of: mark) {
            return Diagnostic("\(option): \(message)")
        }
        return source.diagnostic(message, at: mark)
    }

    /// A diagnostic from another decoder (matchers) pointed at the option when its mark belongs to one.
    func relocate(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let mark = diagnostic.mark, let option = option(of: mark) else { return diagnostic }
        return Diagnostic("\(option): \(diagnostic.message)", severity: diagnostic.severity)
    }

    /// Where a mark is, for a message: `path:line:col`, or the override it belongs to.
    func place(_ mark: Mark) -> String {
        if let option = option(of: mark) { return option }
        return mark.isNone ? source.path : "\(source.path):\(mark.line):\(mark.column)"
    }

    private func option(of mark: Mark) -> String? {
        guard mark.line < 0 else { return nil }
        let index = -mark.line - 1
        return index < overrides.count ? overrides[index].option : "PATH=VALUE"
    }

    /// The mark as kept in a loaded suite: marks of `--set` values become `.none`.
    static func publicMark(_ mark: Mark) -> Mark {
        mark.line < 0 ? .none : mark
    }

    /// The node with every `--set` mark replaced by `.none`.
    static func publicNode(_ node: Node) -> Node {
        var node = node
        node.mark = publicMark(node.mark)
        switch node.content {
        case .sequence(let items): node.content = .sequence(items.map(publicNode))
        case .mapping(let entries):
            node.content = .mapping(entries.map { Node.Entry(key: $0.key, keyMark: publicMark($0.keyMark), value: publicNode($0.value)) })
        case .null, .scalar: break
        }
        return node
    }

    /// What a node holds, for "got …": the scalar in quotes, or its kind.
    static func describe(_ node: Node) -> String {
        switch node.content {
        case .scalar(let text): "'\(Visible.text(text, limit: 60))'"
        case .null: "nothing (an empty value)"
        default: node.kindName
        }
    }

    // MARK: Mappings

    /// The entries of a mapping (none for an empty value, as when every line under a key is
    /// commented out), or an error naming what was expected.
    func entries(_ node: Node, of what: String) throws(Diagnostic) -> [Node.Entry] {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            throw error("\(what) expects a mapping, got \(Self.describe(node))", at: node.mark)
        }
        return entries
    }

    /// Errors at the first key not in `allowed`; `explain` may word the error for a key it knows about.
    func checkKeys(_ entries: [Node.Entry], allowed: [String], in context: String, explain: (String) -> String? = { _ in nil }) throws(Diagnostic) {
        for entry in entries where !allowed.contains(entry.key) {
            if let message = explain(entry.key) { throw error(message, at: entry.keyMark) }
            throw error("unknown key '\(entry.key)' in \(context)" + EditDistance.suggestion(entry.key, in: allowed), at: entry.keyMark)
        }
    }

    /// The value of a required key, or an error at the mapping that lacks it.
    func require(_ key: String, in entries: [Node.Entry], of context: String, at mark: Mark) throws(Diagnostic) -> Node {
        guard let value = entries.first(where: { $0.key == key })?.value else {
            throw error("missing required key '\(key)' in \(context)", at: mark)
        }
        return value
    }

    // MARK: Scalars

    func string(_ node: Node, _ key: String) throws(Diagnostic) -> String {
        guard let text = node.scalar else {
            throw error("\(key) expects a string, got \(Self.describe(node))", at: node.mark)
        }
        return text
    }

    /// A whole number written in digits with an optional sign, within `range` (SPEC §4: every number has a range).
    func integer(_ node: Node, _ key: String, _ range: NumberRange) throws(Diagnostic) -> Int {
        guard let text = node.scalar else {
            throw error("\(key) expects a whole number, got \(Self.describe(node))", at: node.mark)
        }
        switch range.wholeNumber(text) {
        case .success(let value): return value
        case .failure(.notANumber): throw error("\(key) expects a whole number, got \(Self.describe(node))", at: node.mark)
        case .failure(let problem): throw error(range.message(for: key, got: text, problem), at: node.mark)
        }
    }

    /// A finite decimal number within `range`.
    func number(_ node: Node, _ key: String, _ range: NumberRange) throws(Diagnostic) -> Double {
        guard let text = node.scalar else {
            throw error("\(key) expects a number, got \(Self.describe(node))", at: node.mark)
        }
        switch range.number(text) {
        case .success(let value): return value
        case .failure(.notANumber): throw error("\(key) expects a number, got \(Self.describe(node))", at: node.mark)
        case .failure(let problem): throw error(range.message(for: key, got: text, problem), at: node.mark)
        }
    }

    func boolean(_ node: Node, _ key: String) throws(Diagnostic) -> Bool {
        switch node.scalar {
        case "true": return true
        case "false": return false
        default: throw error("\(key) expects true or false, got \(Self.describe(node))", at: node.mark)
        }
    }

    /// A list of strings; a single string is a list of one, or split at commas when `splittingAtCommas`.
    func stringList(_ node: Node, _ key: String, splittingAtCommas: Bool = false) throws(Diagnostic) -> [String] {
        if let text = node.scalar {
            return splittingAtCommas ? Self.splitAtCommas(text) : [text]
        }
        guard let items = node.items else {
            throw error("\(key) expects a list of strings, got \(Self.describe(node))", at: node.mark)
        }
        var strings: [String] = []
        for item in items {
            guard let text = item.scalar else {
                throw error("\(key) expects a list of strings, but an item is \(Self.describe(item))", at: item.mark)
            }
            strings.append(text)
        }
        return strings
    }

    /// Tags: a list, or one string of comma-separated tags; each trimmed and non-empty.
    func tags(_ node: Node) throws(Diagnostic) -> [String] {
        let tags = try stringList(node, "tags", splittingAtCommas: true)
        var result = TagList()
        for (index, tag) in tags.enumerated() {
            let trimmed = tag.trimmingSpaces
            guard !trimmed.isEmpty else {
                throw error("tags may not hold an empty tag", at: node.items?[index].mark ?? node.mark)
            }
            result.insert(trimmed)
        }
        return result.tags
    }

    /// Tags in first-seen order without repeats, in time linear in their number.
    struct TagList {
        private(set) var tags: [String] = []
        private var seen: Set<String> = []

        init(_ tags: [String] = []) {
            for tag in tags { insert(tag) }
        }

        mutating func insert(_ tag: String) {
            if seen.insert(tag).inserted { tags.append(tag) }
        }
    }

    /// A mapping of names to strings (`vars`, `headers`, `env`), in order.
    func stringMapping(_ node: Node, _ key: String) throws(Diagnostic) -> [(entry: Node.Entry, text: String)] {
        let entries = try entries(node, of: key)
        var result: [(entry: Node.Entry, text: String)] = []
        for entry in entries {
            guard let text = entry.value.scalar else {
                throw error("\(key) expects a string for '\(entry.key)', got \(Self.describe(entry.value))", at: entry.value.mark)
            }
            result.append((entry, text))
        }
        return result
    }

    static func splitAtCommas(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false)
            .map(\.trimmingSpaces)
            .filter { !$0.isEmpty }
    }
}
