import ShoutCore
import Testing

@Suite struct HomePathTests {
    static func home(_ user: String?) -> String? {
        switch user {
        case nil: "/home/me"
        case "ana": "/home/ana"
        default: nil
        }
    }

    @Test(
        "a leading ~ or ~name is that home folder, trailing slashes go; other paths are kept as they are",
        arguments: [
            ("~/notes.txt", "/home/me/notes.txt"),
            ("~", "/home/me"),
            ("~/", "/home/me"),
            ("~ana/t.jsonl", "/home/ana/t.jsonl"),
            ("~nobody/t.jsonl", "~nobody/t.jsonl"),
            ("~nobody/", "~nobody"),
            ("/tmp/~/x", "/tmp/~/x"),
            ("notes.txt", "notes.txt"),
            ("dir/", "dir/"),
        ]
    )
    func expands(path: String, expected: String) {
        #expect(HomePath.expandingTilde(path, home: Self.home) == expected)
    }
}
