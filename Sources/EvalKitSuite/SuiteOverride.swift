import YAMLLite

/// One `PATH=VALUE` override of a suite's value (SPEC §4.5), as the command line's `--set` gives it.
public struct SuiteOverride: Sendable, Equatable {
    public var path: [String]
    /// The value as one line of yaml-lite text.
    public var value: String
    /// The override as messages name it: its text, after the name of the option that gave it
    /// when the caller named one (`--set defaults.temperature=0.5`).
    public var option: String

    public init(path: [String], value: String, option: String) {
        self.path = path
        self.value = value
        self.option = option
    }

    /// Parses `PATH=VALUE`: split at the first `=`, the path's keys joined by `.`, the value one
    /// line of yaml-lite (checked here; empty means `""`). `name` is the option that gave it, for
    /// messages (the command line's `--set`); without one, messages quote the text alone.
    public static func parse(_ text: String, as name: String? = nil) throws(Diagnostic) -> SuiteOverride {
        let shown = name.map { "\($0) \(text)" } ?? text
        guard let equals = text.firstIndex(of: "=") else {
            throw Diagnostic("\(name ?? "an override") expects PATH=VALUE (such as defaults.temperature=0.5), got '\(text)'")
        }
        let pathText = text[..<equals]
        let path = pathText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty) else {
            throw Diagnostic("\(shown): PATH is mapping keys joined by '.' (such as targets.tuned.model), got '\(pathText)'")
        }
        let override = SuiteOverride(path: path, value: String(text[text.index(after: equals)...]), option: shown)
        _ = try override.parsedValue()
        return override
    }

    /// The value as a node.
    func parsedValue() throws(Diagnostic) -> Node {
        do {
            return try YAMLLite.parseValue(value, path: option)
        } catch {
            throw Diagnostic("\(option): \(error.message)")
        }
    }

    /// The tree with this value set at `path`, missing mappings created; every node it adds is
    /// marked with line `-(index + 1)` so errors about them name the option.
    func apply(to root: Node, index: Int) throws(Diagnostic) -> Node {
        let value = Self.marking(try parsedValue(), line: -(index + 1))
        return try set(value, at: path[...], in: root, index: index)
    }

    private func set(_ value: Node, at path: ArraySlice<String>, in node: Node, index: Int) throws(Diagnostic) -> Node {
        guard let key = path.first else { return value }
        let mark = Mark(line: -(index + 1), column: 1)
        var entries: [Node.Entry]
        switch node.content {
        case .mapping(let existing): entries = existing
        case .null: entries = []
        case .scalar, .sequence:
            let parent = self.path[..<(self.path.count - path.count)].joined(separator: ".")
            throw Diagnostic("\(option): '\(parent)' is \(node.kindName), not a mapping, so it has no key '\(key)'")
        }
        if let position = entries.firstIndex(where: { $0.key == key }) {
            entries[position].value = try set(value, at: path.dropFirst(), in: entries[position].value, index: index)
        } else {
            entries.append(Node.Entry(key: key, keyMark: mark, value: try set(value, at: path.dropFirst(), in: Node(.null, mark: mark), index: index)))
        }
        var result = Node(.mapping(entries), mark: node.mark, style: node.content == .null ? .block : node.style)
        if node.content == .null { result.mark = mark }
        return result
    }

    private static func marking(_ node: Node, line: Int) -> Node {
        var node = node
        node.mark = Mark(line: line, column: max(node.mark.column, 1))
        switch node.content {
        case .sequence(let items): node.content = .sequence(items.map { marking($0, line: line) })
        case .mapping(let entries):
            node.content = .mapping(entries.map { Node.Entry(key: $0.key, keyMark: Mark(line: line, column: max($0.keyMark.column, 1)), value: marking($0.value, line: line)) })
        case .null, .scalar: break
        }
        return node
    }
}
