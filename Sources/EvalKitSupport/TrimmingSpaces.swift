import Foundation

public extension StringProtocol {
    /// The text without leading and trailing `.whitespaces` (spaces, tabs and other horizontal
    /// space), as `trimmingCharacters(in: .whitespaces)`, without Foundation's cost in the common
    /// case of text that starts and ends with a visible ASCII character.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last,
           first.isASCII, last.isASCII, first != " ", first != "\t", last != " ", last != "\t" {
            return String(self)
        }
        return trimmingCharacters(in: .whitespaces)
    }
}
