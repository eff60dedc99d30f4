import Foundation

/// The libFuzzer entry for the yaml-lite parser and writer.
///
/// Each input is parsed as a whole document and its first line as a one-line value (`--set`). A
/// diagnostic is rendered, as the CLI would. A parsed document must round-trip: written (with
/// its first scalar as a header comment) and parsed again it gives the same strings and
/// structure, and so does each of its scalars written alone, as a document and inline. A crash,
/// a sanitizer report or a mismatch (a trap naming the input's scalars) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLLite(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let firstLine = data.prefix { $0 != 10 }
    if let text = String(data: firstLine, encoding: .utf8) {
        do {
            _ = try YAMLLite.parseValue(text, path: "fuzz")
        } catch {
            _ = error.rendered()
        }
    }
    let document: Node?
    do {
        document = try YAMLLite.parse(data: data, path: "fuzz.yaml-lite")
    } catch {
        _ = error.rendered()
        return 0
    }
    guard let document else { return 0 }
    var scalars: [String] = []
    collectScalars(document, into: &scalars)
    checkRoundTrip(document, headerComment: scalars.first)
    for text in scalars {
        checkRoundTrip(.scalar(text), headerComment: nil)
        let inline = YAMLLite.inlineScalar(text)
        let value: Node
        do {
            value = try YAMLLite.parseValue(inline, path: "fuzz")
        } catch {
            fatalError("inlineScalar(\(text.debugDescription)) wrote \(inline.debugDescription), which does not parse: \(error.heading)")
        }
        guard value.scalar == text else {
            fatalError("inlineScalar(\(text.debugDescription)) wrote \(inline.debugDescription), which parses as \(value)")
        }
    }
    return 0
}

/// Writes `node` and parses the output back; traps unless it gives the same strings and structure.
private func checkRoundTrip(_ node: Node, headerComment: String?) {
    let written = YAMLLite.write(node, headerComment: headerComment)
    let reread: Node?
    do {
        reread = try YAMLLite.parse(data: Data(written.utf8), path: "written.yaml-lite")
    } catch {
        fatalError("the writer's output does not parse: \(error.heading)\n\(written.debugDescription)")
    }
    guard sameContent(node, reread ?? .null) else {
        fatalError("the writer's output parses differently:\n\(written.debugDescription)\nwas \(node)\nnow \(String(describing: reread))")
    }
}

/// The scalars of a node, keys included, in document order.
private func collectScalars(_ node: Node, into scalars: inout [String]) {
    switch node.content {
    case .null:
        break
    case .scalar(let text):
        scalars.append(text)
    case .sequence(let items):
        for item in items { collectScalars(item, into: &scalars) }
    case .mapping(let entries):
        for entry in entries {
            scalars.append(entry.key)
            collectScalars(entry.value, into: &scalars)
        }
    }
}

/// Equal strings, nulls and structure, whatever the marks and styles.
private func sameContent(_ left: Node, _ right: Node) -> Bool {
    switch (left.content, right.content) {
    case (.null, .null):
        true
    case (.scalar(let a), .scalar(let b)):
        a == b
    case (.sequence(let a), .sequence(let b)):
        a.count == b.count && zip(a, b).allSatisfy { sameContent($0, $1) }
    case (.mapping(let a), .mapping(let b)):
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && sameContent($0.value, $1.value) }
    default:
        false
    }
}
