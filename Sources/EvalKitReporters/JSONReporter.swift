import Foundation
import EvalKitResults
import EvalKitSupport

/// The JSON report (`results.json`, schema `evals.results/1`): everything `compare` and `merge`
/// need to rebuild every report, written deterministically.
public enum JSONReporter {
    /// Why a results file could not be read.
    public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String { "\(path): error: \(message)" }
    }

    /// The report as pretty-printed JSON with sorted keys, unescaped slashes, explicit nulls and a
    /// final newline; equal reports give identical bytes.
    public static func render(_ report: RunReport) -> Data {
        Data(renderText(report).utf8)
    }

    /// `render(_:)` as text.
    public static func renderText(_ report: RunReport) -> String {
        do {
            return try JSONTextEncoder.encode(report) + "\n"
        } catch {
            // Every value of the model is encodable and non-finite numbers are written as strings,
            // so the encoder has no way to fail.
            preconditionFailure("encoding a RunReport failed: \(error)")
        }
    }

    /// Reads a results file; a file that is not JSON, not an `evals.results/1` file, or lacks a
    /// field is a `DecodeError` naming the file and what is wrong.
    public static func decode(_ data: Data, path: String) throws -> RunReport {
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw DecodeError(path: path, message: "not an evals results file: the top level is not a JSON object")
        } catch {
            throw DecodeError(path: path, message: "not an evals results file: the file is not valid JSON")
        }
        guard let schema = header.schema else {
            throw DecodeError(path: path, message: "not an evals results file: no \"schema\" field (expected \"\(RunReport.schemaName)\")")
        }
        guard schema == RunReport.schemaName else {
            throw DecodeError(path: path, message: "unsupported results schema \"\(schema)\" (expected \"\(RunReport.schemaName)\")")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = nonConformingDecoding
        do {
            return try decoder.decode(RunReport.self, from: data)
        } catch let error as DecodingError {
            throw DecodeError(path: path, message: "malformed results file: \(describe(error))")
        }
    }

    private struct Header: Decodable {
        var schema: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schema = try? c.decodeIfPresent(String.self, forKey: .schema)
        }

        enum CodingKeys: String, CodingKey { case schema }
    }

    private static let nonConformingDecoding = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// A decoding error as `what at path`, e.g. `missing field "outcome" at suites[0].targets[1].cases[3]`.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\"\(at(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "\(fieldName(context.codingPath)) is null, expected \(typeName(type))"
        case .typeMismatch(let type, let context):
            return "\(fieldName(context.codingPath)) is not \(typeName(type))"
        case .dataCorrupted(let context):
            return "\(fieldName(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func at(_ path: [any CodingKey]) -> String {
        path.isEmpty ? " at the top level" : " at \(pathText(path))"
    }

    private static func fieldName(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : "field \(pathText(path))"
    }

    private static func pathText(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Double.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a valid \(name)"
        }
    }
}
