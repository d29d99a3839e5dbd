#if canImport(Glibc)
import Glibc
#endif

/// An error of the client grader, with one full sentence a user can act on as its description.
public struct ClientCheckError: Error, CustomStringConvertible, Sendable {
    /// The sentence shown to the user.
    public let description: String

    init(_ description: String) { self.description = description }

    /// The grader's port is taken by another program.
    static func portInUse(_ port: Int, _ transport: String) -> ClientCheckError {
        ClientCheckError(
            "Port \(port)/\(transport) is already in use; is a server running there? Stop it, or try --port "
                + "with clients that take {port}."
        )
    }

    /// A system call failed where nothing a user does explains it.
    static func system(_ what: String, _ code: Int32 = errno) -> ClientCheckError {
        ClientCheckError("Cannot \(what): \(String(cString: strerror(code))).")
    }
}
