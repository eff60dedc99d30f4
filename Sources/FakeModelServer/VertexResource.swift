import Foundation

/// A Vertex AI resource named in a request path: `…/projects/{p}/locations/{l}/endpoints/{e}` or
/// `…/projects/{p}/locations/{l}/publishers/{publisher}/models/{m}`, with any `:method` suffix removed.
struct VertexResource: Equatable {
    enum Kind: Equatable {
        case endpoint(String)
        case publisherModel(publisher: String, model: String)
    }

    var project: String
    var location: String
    var kind: Kind

    init?(path: String) {
        guard let start = path.range(of: "/projects/") else { return nil }
        var resource = path[start.upperBound...]
        if let colon = resource.lastIndex(of: ":") { resource = resource[..<colon] }
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4, parts[1] == "locations", !parts[0].isEmpty, !parts[2].isEmpty else { return nil }
        project = parts[0]
        location = parts[2]
        switch Array(parts.dropFirst(3)) {
        case let rest where rest.count == 2 && rest[0] == "endpoints" && !rest[1].isEmpty:
            kind = .endpoint(rest[1])
        case let rest where rest.count == 4 && rest[0] == "publishers" && rest[2] == "models" && !rest[3].isEmpty:
            kind = .publisherModel(publisher: rest[1], model: rest[3])
        default:
            return nil
        }
    }

    /// The resource's full name, `projects/…`.
    var name: String {
        let place = "projects/\(project)/locations/\(location)"
        switch kind {
        case .endpoint(let id): return "\(place)/endpoints/\(id)"
        case .publisherModel(let publisher, let model): return "\(place)/publishers/\(publisher)/models/\(model)"
        }
    }
}
