/// A position in a source file: line and column, both counted from 1, columns in Unicode scalars.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The mark of nodes built in code rather than parsed; renders without a position.
    public static let none = Mark(line: 0, column: 0)

    public var isNone: Bool { line == 0 }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
