import Foundation
import EvalKitSupport

/// A JSON Pointer (RFC 6901): `/choices/0/text`, with `~1` for `/` and `~0` for `~` in a key.
public struct JSONPointer: Sendable, Equatable, CustomStringConvertible {
    /// Why a pointer's text is not a JSON Pointer.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The unescaped reference tokens; empty for the whole document.
    public let tokens: [String]
    public let description: String

    public init(_ text: String) throws(SyntaxError) {
        guard !text.isEmpty else {
            tokens = []
            description = text
            return
        }
        guard text.hasPrefix("/") else { throw SyntaxError(message: "a JSON Pointer starts with '/': '\(text)'") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaped = false
            for character in raw {
                if escaped {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw SyntaxError(message: "'~\(character)' is not an escape in a JSON Pointer (use ~0 for '~', ~1 for '/'): '\(text)'")
                    }
                    escaped = false
                } else if character == "~" {
                    escaped = true
                } else {
                    token.append(character)
                }
            }
            if escaped { throw SyntaxError(message: "a JSON Pointer cannot end with '~': '\(text)'") }
            tokens.append(token)
        }
        self.tokens = tokens
        description = text
    }

    /// The value the pointer refers to in a `JSONSerialization` document, or nil when there is none.
    public func resolve(in document: Any) -> Any? {
        var value = document
        for token in tokens {
            if let object = value as? [String: Any] {
                guard let next = object[token] else { return nil }
                value = next
            } else if let array = value as? [Any] {
                guard let index = Self.arrayIndex(token), index < array.count else { return nil }
                value = array[index]
            } else {
                return nil
            }
        }
        return value
    }

    /// The node the pointer refers to in a parsed document, or nil when there is none.
    func resolve(in document: JSONNode) -> JSONNode? {
        var node = document
        for token in tokens {
            switch node.kind {
            case .object(let members):
                guard let next = members.last(where: { $0.key == token }) else { return nil }
                node = next.value
            case .array(let elements):
                guard let index = Self.arrayIndex(token), index < elements.count else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// `0` or digits without a leading zero; `-` and anything else index nothing.
    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }), token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }
}
