/// The version `shout --version` prints: the one place it is kept (the README says how to change it).
enum ShoutVersion {
    /// The version of this build, as `MAJOR.MINOR.PATCH`.
    static let current = "1.0.0"
}
