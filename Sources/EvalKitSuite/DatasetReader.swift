import Foundation
import YAMLLite
import EvalKitMatchers
import EvalKitSupport

/// Reads the cases of `cases_from` datasets (SPEC §4.3): JSONL, CSV, the Gemini tuning format
/// and the OpenAI chat fine-tuning format, each bad row an error at its file and line.
///
/// A `cases_from` mapping has `path` (relative to the suite file), `format`, and `prompt`,
/// `expect`, `id`, `tags`: the names of the source fields that become those (by default the
/// same names; `text_input` and `output` for `gemini-tuning`). Every other field becomes a var.
struct DatasetReader {
    enum Format: String, CaseIterable {
        case jsonl
        case csv
        case geminiTuning = "gemini-tuning"
        case openaiChat = "openai-chat"
    }

    /// The source field names that become a case's prompt, expectation, id and tags.
    struct Fields {
        var prompt = "prompt"
        var expect = "expect"
        var id = "id"
        var tags = "tags"

        var all: [String] { [prompt, expect, id, tags] }
    }

    /// One message of a conversation row.
    private struct Turn {
        enum Role { case system, user, assistant }
        var role: Role
        var text: String
        var mark: Mark
    }

    static let keys = ["path", "format", "prompt", "expect", "id", "tags"]

    let reader: SchemaReader
    /// The suite file's folder, absolute: dataset paths are relative to it.
    let directory: URL

    /// Every case of the datasets `node` names, in order.
    func cases(from node: Node) throws(Diagnostic) -> [SuiteDecoder.LoadedCase] {
        var cases: [SuiteDecoder.LoadedCase] = []
        try forEachCase(from: node) { (loaded) throws(Diagnostic) in cases.append(loaded) }
        return cases
    }

    /// Hands every case of the datasets `node` names to `body` as its row is read, in order, so
    /// the rows are never all held at once (a JSON array file or a CSV file is read whole).
    func forEachCase(from node: Node, _ body: (SuiteDecoder.LoadedCase) throws(Diagnostic) -> Void) throws(Diagnostic) {
        if let items = node.items {
            for item in items { try dataset(item, body) }
            return
        }
        guard node.entries != nil else {
            throw reader.error("cases_from expects a mapping (path, format, …) or a list of them, got \(SchemaReader.describe(node))", at: node.mark)
        }
        try dataset(node, body)
    }

    private func dataset(_ node: Node, _ body: (SuiteDecoder.LoadedCase) throws(Diagnostic) -> Void) throws(Diagnostic) {
        let entries = try reader.entries(node, of: "cases_from")
        try reader.checkKeys(entries, allowed: Self.keys, in: "cases_from")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        let pathNode = try reader.require("path", in: entries, of: "cases_from", at: node.mark)
        let relative = try reader.string(pathNode, "path")
        guard !relative.isEmpty else { throw reader.error("path expects a file name, got ''", at: pathNode.mark) }

        let format: Format
        if let formatNode = value("format") {
            let name = try reader.string(formatNode, "format")
            let names = Format.allCases.map(\.rawValue)
            guard let parsed = Format(rawValue: name) else {
                throw reader.error("unknown dataset format '\(name)'" + EditDistance.suggestion(name, in: names), at: formatNode.mark)
            }
            format = parsed
        } else {
            switch (relative as NSString).pathExtension.lowercased() {
            case "jsonl", "json": format = .jsonl
            case "csv": format = .csv
            default:
                throw reader.error("cannot tell the format of '\(relative)' from its extension: add format: jsonl, csv, gemini-tuning or openai-chat", at: pathNode.mark)
            }
        }

        var fields = Fields()
        if format == .geminiTuning {
            fields.prompt = "text_input"
            fields.expect = "output"
        }
        for entry in entries where ["prompt", "expect", "id", "tags"].contains(entry.key) {
            if format == .openaiChat && (entry.key == "prompt" || entry.key == "expect") {
                throw reader.error("'\(entry.key)' does not apply to format openai-chat: the prompt is the last user message and the expectation the last assistant message", at: entry.keyMark)
            }
            let name = try reader.string(entry.value, entry.key)
            guard !name.isEmpty else { throw reader.error("\(entry.key) expects the name of a field, got ''", at: entry.value.mark) }
            switch entry.key {
            case "prompt": fields.prompt = name
            case "expect": fields.expect = name
            case "id": fields.id = name
            default: fields.tags = name
            }
        }

        let display = displayPath(relative)
        let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : directory.appendingPathComponent(relative)
        let lines: DatasetLines
        do {
            lines = try DatasetLines(path: url.path)
        } catch {
            throw reader.error("cannot read dataset '\(display)': \(error.message)", at: pathNode.mark)
        }
        let isJSON = (relative as NSString).pathExtension.lowercased() == "json"
        if format == .csv || (isJSON && lines.startsWithArray()) {
            let data: Data
            do {
                data = try lines.rest()
            } catch {
                throw reader.error("cannot read dataset '\(display)': \(error.message)", at: pathNode.mark)
            }
            let file = try SourceFile(path: display, data: data)
            if format == .csv { return try csvCases(file, fields: fields, body) }
            try forEachArrayRow(file) { (row) throws(Diagnostic) in try body(try jsonCase(row, format: format, fields: fields, file: RowPlace(file: file))) }
            return
        }
        try lines.forEach(path: display) { (number, text) throws(Diagnostic) in
            let place = RowPlace(path: display, line: number, text: text)
            try body(try jsonCase(try jsonRow(text, line: number, place: place), format: format, fields: fields, file: place))
        }
    }

    /// The dataset's path as shown in messages: relative to where the suite's own path is.
    private func displayPath(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        let folder = (reader.source.path as NSString).deletingLastPathComponent
        return folder.isEmpty ? relative : folder + "/" + relative
    }

    // MARK: JSON rows

    /// The object on one line of a JSONL file.
    private func jsonRow(_ text: String, line: Int, place: RowPlace) throws(Diagnostic) -> JSONNode {
        if let row = JSONNode.parseFlatObject(text, start: Mark(line: line, column: 1)) { return row }
        let row: JSONNode
        do {
            row = try JSONNode.parse(text, start: Mark(line: line, column: 1))
        } catch {
            throw place.diagnostic(error.message, at: error.mark)
        }
        guard row.members != nil else {
            throw place.diagnostic("a dataset row must be a JSON object, got \(row.kindName)", at: row.mark)
        }
        return row
    }

    /// The objects of a `.json` file that is one array of them.
    private func forEachArrayRow(_ file: SourceFile, _ body: (JSONNode) throws(Diagnostic) -> Void) throws(Diagnostic) {
        var text = Substring(file.text)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let whole: JSONNode
        do {
            whole = try JSONNode.parse(String(text))
        } catch {
            throw file.diagnostic(error.message, at: error.mark)
        }
        for element in whole.elements ?? [] {
            guard element.members != nil else {
                throw file.diagnostic("a dataset row must be a JSON object, got \(element.kindName)", at: element.mark)
            }
            try body(element)
        }
    }

    private func jsonCase(_ row: JSONNode, format: Format, fields: Fields, file: RowPlace) throws(Diagnostic) -> SuiteDecoder.LoadedCase {
        let line = row.mark.line
        // The few field names a row's own fields are not vars under; a list is cheaper than a set here.
        var consumed = [fields.id, fields.tags]
        var prompt: String
        var promptMark: Mark
        var system: String?
        var expected: (text: String, mark: Mark)?

        if format == .openaiChat || (format == .geminiTuning && row[fields.prompt] == nil && row["contents"] != nil) {
            let turns = format == .openaiChat ? try openAITurns(row, file: file) : try geminiTurns(row, file: file)
            consumed += ["messages", "contents", "systemInstruction", "system_instruction"]
            (prompt, promptMark, system, expected) = try conversation(turns, row: row, file: file)
        } else {
            consumed += [fields.prompt, fields.expect]
            guard let value = row[fields.prompt] else {
                throw file.diagnostic("row has no '\(fields.prompt)' field for the prompt", at: row.mark)
            }
            guard let text = value.string else {
                throw file.diagnostic("the prompt field '\(fields.prompt)' must be a string, got \(value.kindName)", at: value.mark)
            }
            prompt = text
            promptMark = value.mark
            if let value = row[fields.expect] {
                switch value.kind {
                case .null: break
                case .string, .number, .bool: expected = (value.text, value.mark)
                case .array, .object:
                    throw file.diagnostic("the expected output '\(fields.expect)' must be a string (an exact match), got \(value.kindName)", at: value.mark)
                }
            }
        }

        var id = ""
        var idMark = Mark(line: line, column: 1)
        var derived = false
        if let value = row[fields.id], value.kind != .null {
            switch value.kind {
            case .string, .number: id = value.text
            default: throw file.diagnostic("the id field '\(fields.id)' must be a string, got \(value.kindName)", at: value.mark)
            }
            guard CaseID.isValid(id) else {
                throw file.diagnostic("case id '\(id)' may use only letters, digits, '.', '_' and '-'", at: value.mark)
            }
            idMark = value.mark
        } else {
            id = try derivedID(prompt, at: promptMark, file: file)
            idMark = promptMark
            derived = true
        }

        var tags = SchemaReader.TagList()
        if let value = row[fields.tags] {
            switch value.kind {
            case .null: break
            case .string(let text): tags = SchemaReader.TagList(SchemaReader.splitAtCommas(text))
            case .array(let elements):
                for element in elements {
                    guard let tag = element.string?.trimmingSpaces, !tag.isEmpty else {
                        throw file.diagnostic("each tag must be a non-empty string, got \(element.string != nil ? "''" : element.kindName)", at: element.mark)
                    }
                    tags.insert(tag)
                }
            default:
                throw file.diagnostic("the tags field '\(fields.tags)' must be an array of strings, got \(value.kindName)", at: value.mark)
            }
        }

        var vars: [String: String] = [:]
        for member in row.members ?? [] where !consumed.contains(member.key) {
            vars[member.key] = member.value.text
        }
        var testCase = Suite.Case(id: id, path: file.path, mark: Mark(line: line, column: 1), prompt: prompt, vars: vars, tags: tags.tags, system: system)
        if let expected { testCase.expect = exact(expected.text) }
        return SuiteDecoder.LoadedCase(testCase: testCase, idMark: idMark, dataset: file, derivedID: derived)
    }

    private func derivedID(_ prompt: String, at mark: Mark, file: RowPlace) throws(Diagnostic) -> String {
        let id = CaseID.derive(from: prompt)
        guard !id.isEmpty else {
            throw file.diagnostic("cannot derive a case id from prompt \(Visible.quoted(prompt, limit: 40)): give the row an id", at: mark)
        }
        return id
    }

    /// A row's expected output: an exact match.
    private func exact(_ text: String) -> [any Matcher] {
        [ExactMatcher(text)]
    }

    // MARK: Conversations

    private func openAITurns(_ row: JSONNode, file: RowPlace) throws(Diagnostic) -> [Turn] {
        guard let messages = row["messages"] else {
            throw file.diagnostic("row has no 'messages' field (format openai-chat)", at: row.mark)
        }
        guard let elements = messages.elements else {
            throw file.diagnostic("messages must be an array of {role, content} objects, got \(messages.kindName)", at: messages.mark)
        }
        var turns: [Turn] = []
        for message in elements {
            guard message.members != nil, let role = message["role"]?.string else {
                throw file.diagnostic("a message must be an object with a string 'role'", at: message.mark)
            }
            let parsedRole: Turn.Role
            switch role {
            case "system", "developer": parsedRole = .system
            case "user": parsedRole = .user
            case "assistant": parsedRole = .assistant
            default: throw file.diagnostic("unsupported message role '\(role)' (a case has system, user and assistant messages)", at: message.mark)
            }
            turns.append(Turn(role: parsedRole, text: try content(message["content"], of: message, file: file), mark: message.mark))
        }
        return turns
    }

    /// A message's text: a string, or the `text` of an array of text parts, joined.
    private func content(_ value: JSONNode?, of message: JSONNode, file: RowPlace) throws(Diagnostic) -> String {
        if let text = value?.string { return text }
        if let parts = value?.elements {
            var text = ""
            for part in parts {
                guard let piece = part["text"]?.string else {
                    throw file.diagnostic("a content part must be text ({\"type\": \"text\", \"text\": …})", at: part.mark)
                }
                text += piece
            }
            return text
        }
        throw file.diagnostic("a message's content must be text, got \(value?.kindName ?? "nothing")", at: value?.mark ?? message.mark)
    }

    /// The turns of a Gemini `contents` row (roles `user` and `model`, text in `parts`), with `systemInstruction`.
    private func geminiTurns(_ row: JSONNode, file: RowPlace) throws(Diagnostic) -> [Turn] {
        var turns: [Turn] = []
        if let instruction = row["systemInstruction"] ?? row["system_instruction"] {
            turns.append(Turn(role: .system, text: try geminiText(instruction, file: file), mark: instruction.mark))
        }
        guard let contents = row["contents"]?.elements else {
            throw file.diagnostic("contents must be an array of {role, parts} objects", at: row["contents"]?.mark ?? row.mark)
        }
        for content in contents {
            let role: Turn.Role
            switch content["role"]?.string {
            case "user": role = .user
            case "model": role = .assistant
            default: throw file.diagnostic("a content needs role 'user' or 'model'", at: content.mark)
            }
            turns.append(Turn(role: role, text: try geminiText(content, file: file), mark: content.mark))
        }
        return turns
    }

    private func geminiText(_ value: JSONNode, file: RowPlace) throws(Diagnostic) -> String {
        guard let parts = value["parts"]?.elements else {
            throw file.diagnostic("expected an object with 'parts': [{\"text\": …}]", at: value.mark)
        }
        var text = ""
        for part in parts {
            guard let piece = part["text"]?.string else {
                throw file.diagnostic("a part must be text ({\"text\": …})", at: part.mark)
            }
            text += piece
        }
        return text
    }

    /// The prompt, system and expectation of a one-exchange conversation; earlier turns are an error.
    private func conversation(_ turns: [Turn], row: JSONNode, file: RowPlace) throws(Diagnostic) -> (String, Mark, String?, (text: String, mark: Mark)?) {
        let systems = turns.filter { $0.role == .system }
        if systems.count > 1 {
            throw file.diagnostic("a row may have one system message; this is the second", at: systems[1].mark)
        }
        guard let lastUser = turns.lastIndex(where: { $0.role == .user }) else {
            throw file.diagnostic("the conversation has no user message", at: row.mark)
        }
        let users = turns.filter { $0.role == .user }
        if let earlier = turns[..<lastUser].first(where: { $0.role != .system }) {
            let count = users.count > 1 ? "\(users.count) user messages" : "an assistant message before the user message"
            throw file.diagnostic("the row has earlier turns (\(count)): a case is one user message and its answer, so split the conversation or keep its last exchange", at: earlier.mark)
        }
        let answers = turns[(lastUser + 1)...].filter { $0.role == .assistant }
        if answers.count > 1 {
            throw file.diagnostic("the row has \(answers.count) assistant messages after the user message; a case has one expected answer", at: answers[1].mark)
        }
        let user = turns[lastUser]
        return (user.text, user.mark, systems.first?.text, answers.first.map { ($0.text, $0.mark) })
    }

    // MARK: CSV

    private func csvCases(_ file: SourceFile, fields: Fields, _ body: (SuiteDecoder.LoadedCase) throws(Diagnostic) -> Void) throws(Diagnostic) {
        let place = RowPlace(file: file)
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(file.text)
        } catch {
            throw file.diagnostic(error.message, at: error.mark)
        }
        guard let header = records.first else { return }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, column) in columns.enumerated() where columns[..<index].contains(column) {
            throw file.diagnostic("column '\(column)' appears twice in the header", at: Mark(line: header.line, column: 1))
        }
        guard let promptColumn = columns.firstIndex(of: fields.prompt) else {
            throw file.diagnostic("the header has no '\(fields.prompt)' column for the prompt (columns: \(columns.joined(separator: ", ")))", at: Mark(line: header.line, column: 1))
        }
        for record in records.dropFirst() {
            let mark = Mark(line: record.line, column: 1)
            guard record.fields.count == columns.count else {
                throw file.diagnostic("row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has \(columns.count)", at: mark)
            }
            func cell(_ name: String) -> String? {
                columns.firstIndex(of: name).map { record.fields[$0] }
            }
            let prompt = record.fields[promptColumn]
            let id: String
            var derived = false
            if let explicit = cell(fields.id), !explicit.isEmpty {
                guard CaseID.isValid(explicit) else {
                    throw file.diagnostic("case id '\(explicit)' may use only letters, digits, '.', '_' and '-'", at: mark)
                }
                id = explicit
            } else {
                id = try derivedID(prompt, at: mark, file: place)
                derived = true
            }
            var vars: [String: String] = [:]
            for (index, column) in columns.enumerated() where !fields.all.contains(column) {
                vars[column] = record.fields[index]
            }
            var testCase = Suite.Case(id: id, path: file.path, mark: mark, prompt: prompt, vars: vars, tags: cell(fields.tags).map { SchemaReader.TagList(SchemaReader.splitAtCommas($0)).tags } ?? [])
            if let expected = cell(fields.expect), !expected.isEmpty {
                testCase.expect = exact(expected)
            }
            try body(SuiteDecoder.LoadedCase(testCase: testCase, idMark: mark, dataset: place, derivedID: derived))
        }
    }
}
