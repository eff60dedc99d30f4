/// A writer of a document of nested block mappings, entry by entry, byte for byte as
/// `YAMLLite.write` writes the same nodes: a large document streams out in chunks without a node
/// tree or one whole string of it.
///
/// The caller lays out the structure: a mapping's entries at its indentation, a nested mapping's
/// two spaces deeper after its `mappingKey`.
public struct BlockWriter {
    private var writer = Writer()

    public init() {}

    /// Writes `text` as `# ` comment lines.
    public mutating func comment(_ text: String) {
        writer.writeComment(text)
    }

    /// Writes `key: value` at `indent`, the value plain, double-quoted or a literal block.
    public mutating func scalarEntry(key: String, value: String, indent: Int) {
        writer.writeScalarEntry(key: key, value: value, indent: indent)
    }

    /// Writes the key of a nested mapping at `indent`: `key: {}` when the mapping is empty, else
    /// `key:` with its entries to follow at `indent + 2`.
    public mutating func mappingKey(_ key: String, indent: Int, isEmpty: Bool) {
        writer.writeMappingKey(key, indent: indent, isEmptyMapping: isEmpty)
    }

    /// How many bytes are written and not yet flushed.
    public var pendingByteCount: Int { writer.output.count }

    /// Hands the bytes written so far to `sink` and forgets them.
    public mutating func flush(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try writer.output.withUnsafeBytes { try sink($0) }
        writer.output.removeAll(keepingCapacity: true)
    }
}
