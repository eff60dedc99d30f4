/// A parsed yaml-lite value with the mark where it starts; every scalar is a string.
public struct Node: Sendable, Equatable {
    /// How a node was written; the schema may use it (an unquoted empty value is null).
    public enum Style: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded, block, flow
    }

    /// One `key: value` pair of a mapping, in source order.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var keyMark: Mark
        public var value: Node

        public init(key: String, keyMark: Mark = .none, value: Node) {
            self.key = key
            self.keyMark = keyMark
            self.value = value
        }
    }

    public enum Content: Sendable, Equatable {
        case null
        case scalar(String)
        case sequence([Node])
        case mapping([Entry])
    }

    public var content: Content
    public var mark: Mark
    public var style: Style

    public init(_ content: Content, mark: Mark = .none, style: Style = .plain) {
        self.content = content
        self.mark = mark
        self.style = style
    }

    public static func scalar(_ text: String, mark: Mark = .none) -> Node {
        Node(.scalar(text), mark: mark)
    }

    public static func sequence(_ items: [Node], mark: Mark = .none) -> Node {
        Node(.sequence(items), mark: mark, style: .block)
    }

    public static func mapping(_ entries: [Entry], mark: Mark = .none) -> Node {
        Node(.mapping(entries), mark: mark, style: .block)
    }

    public static func mapping(_ pairs: KeyValuePairs<String, Node>) -> Node {
        .mapping(pairs.map { Entry(key: $0.key, value: $0.value) })
    }

    public static let null = Node(.null)

    public var isNull: Bool { content == .null }

    public var scalar: String? {
        if case .scalar(let text) = content { return text }
        return nil
    }

    public var items: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value of `key` when this node is a mapping that has it.
    public subscript(key: String) -> Node? {
        entries?.first { $0.key == key }?.value
    }

    /// The entry of `key`, with the key's own mark.
    public func entry(_ key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// What the node is, for messages: "a string", "a list", "a mapping" or "null".
    public var kindName: String {
        switch content {
        case .null: "null"
        case .scalar: "a string"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
