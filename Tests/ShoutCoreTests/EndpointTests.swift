import ShoutCore
import Testing

@Suite struct EndpointTests {
    @Test(
        "parses hosts, ports and IPv6 literals",
        arguments: [
            ("localhost", "localhost", 12000),
            ("example.org:80", "example.org", 80),
            ("[::1]:5000", "::1", 5000),
            ("[::1]", "::1", 12000),
            ("::1", "::1", 12000),
            ("192.168.1.20:12001", "192.168.1.20", 12001),
        ]
    )
    func parses(text: String, host: String, port: Int) throws {
        let endpoint = try #require(Endpoint.parse(text, defaultPort: 12000))
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test("refuses what is not an endpoint", arguments: ["", "host:", "host:0", "host:70000", "[::1", "a b", "[]:1"])
    func refuses(text: String) {
        #expect(Endpoint.parse(text, defaultPort: 12000) == nil)
    }

    @Test(
        "says whether the port or the host is wrong",
        arguments: [
            ("host:0", "'host:0' names port 0; a port must be from 1 to 65535"),
            ("host:70000", "'host:70000' names port 70000; a port must be from 1 to 65535"),
            ("[::1]:99999", "'[::1]:99999' names port 99999; a port must be from 1 to 65535"),
            ("host:", "'host:' has no port after the colon; a port must be from 1 to 65535"),
            ("host:http", "'host:http': 'http' is not a port number; a port must be from 1 to 65535"),
            ("a b", "'a b' is not a host name or address"),
            ("[::1", "'[::1' is not a host name or address"),
            ("a\u{1b}b:0", "'a\\x1bb:0' names port 0; a port must be from 1 to 65535"),
        ]
    )
    func reasons(text: String, sentence: String) throws {
        let result = Endpoint.read(text, defaultPort: 12000)
        guard case .failure(let error) = result else {
            Issue.record("\(text) was read as \(result)")
            return
        }
        #expect(error.description == sentence)
    }

    @Test("names where the text was found after its quote")
    func place() throws {
        guard case .failure(let error) = Endpoint.read("x:0", defaultPort: 12000) else {
            Issue.record("x:0 was read")
            return
        }
        #expect(
            error.sentence(where: "on line 3 of list")
                == "'x:0' on line 3 of list names port 0; a port must be from 1 to 65535"
        )
    }

    @Test("prints IPv6 in brackets")
    func description() {
        #expect(Endpoint(host: "::1", port: 7).description == "[::1]:7")
        #expect(Endpoint(host: "10.0.0.5", port: 7).description == "10.0.0.5:7")
    }
}
