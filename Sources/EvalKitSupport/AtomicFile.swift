import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic file replacement: the data goes to a temporary file in the same folder, is flushed to
/// disk, then renamed over the target, and the folder is flushed, so a reader, an interrupt or a
/// crash sees the old file or the new one, never half of one. Every file the library writes
/// (reports, golden files, cache entries, batch state) goes through here.
public enum AtomicFile {
    /// Why a file could not be written; the target is left as it was.
    public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String { "\(path): error: cannot write the file: \(message)" }
    }

    /// Writes `data` to `url` atomically, creating the folder when missing. The temporary file
    /// (`.NAME.tmp-PID-RANDOM`) is removed when anything fails, and those that a killed writer
    /// left beside the target are removed after a successful write.
    ///
    /// Only a regular file is replaced: a symbolic link is followed to the file it names, and a
    /// destination that exists but is no regular file (`/dev/null`, `/dev/stdout`, a FIFO) is
    /// written to directly, so such sinks keep working and are never replaced by a file.
    /// A replaced file keeps its permission bits; a new one gets 0666 less the umask.
    public static func write(_ data: Data, to url: URL) throws(WriteError) {
        try write(to: url) { output in try data.withUnsafeBytes { try output($0) } }
    }

    /// Writes what `produce` hands to its argument, chunk by chunk, to `url` atomically, as
    /// `write(_:to:)` does: a report far larger than memory is streamed into its temporary file.
    /// An error `produce` throws leaves the target as it was.
    public static func write(to url: URL, _ produce: (_ output: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws(WriteError) {
        let target = resolvingLinks(url.standardizedFileURL)
        var status = stat()
        let exists = stat(target.path, &status) == 0
        if exists, status.st_mode & S_IFMT != S_IFREG, status.st_mode & S_IFMT != S_IFDIR {
            try writeDirectly(produce, to: target.path)
            return
        }
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            // Another writer may have created it at the same moment.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw WriteError(path: target.path, message: "cannot create the folder \(folder.path)")
            }
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))").path

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError(path: target.path, message: errnoText()) }
        var failure = produceAll(produce, to: fd, path: target.path)
        if failure == nil, exists, status.st_mode & S_IFMT == S_IFREG, fchmod(fd, status.st_mode & 0o7777) != 0 { failure = errnoText() }
        if failure == nil, fsync(fd) != 0 { failure = errnoText() }
        if close(fd) != 0, failure == nil { failure = errnoText() }
        if failure == nil, rename(temporary, target.path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw WriteError(path: target.path, message: failure)
        }
        syncFolder(of: target)
        removeAbandonedTemporaries(of: target)
    }

    /// Flushes the entries of the folder holding `url`, so a rename into it survives a power
    /// loss; failures are harmless and ignored.
    public static func syncFolder(of url: URL) {
        let fd = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Follows symbolic links (up to a depth) to the path that a write should replace.
    private static func resolvingLinks(_ url: URL) -> URL {
        var current = url
        for _ in 0..<32 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current.path) else { return current }
            current = URL(fileURLWithPath: destination, relativeTo: current.deletingLastPathComponent()).standardizedFileURL
        }
        return current
    }

    /// Writes to an existing non-regular file (a device, FIFO or socket) in place.
    private static func writeDirectly(_ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void, to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(path: path, message: errnoText()) }
        var failure = produceAll(produce, to: fd, path: path)
        if close(fd) != 0, failure == nil { failure = errnoText() }
        if let failure { throw WriteError(path: path, message: failure) }
    }

    /// Runs `produce`, writing each chunk it hands over to `fd`; the error text, or nil.
    private static func produceAll(_ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void, to fd: Int32, path: String) -> String? {
        do {
            try produce { chunk in
                if let failure = writeAll(chunk, to: fd) { throw WriteError(path: path, message: failure) }
            }
            return nil
        } catch let error as WriteError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// Writes every byte of `buffer` to `fd`, retrying after interrupts; the error text, or nil.
    public static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errnoText()
            }
            offset += written
        }
        return nil
    }

    /// Removes `.NAME.tmp-PID-*` files beside `target` whose writing process no longer exists
    /// (a writer killed by SIGKILL cannot clean up after itself).
    private static func removeAbandonedTemporaries(of target: URL) {
        let folder = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    public static func write(_ text: String, to url: URL) throws(WriteError) {
        try write(Data(text.utf8), to: url)
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #elseif canImport(Musl)
        Musl.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    /// The text of the current `errno`.
    public static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
