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

    @Test("prints IPv6 in brackets")
    func description() {
        #expect(Endpoint(host: "::1", port: 7).description == "[::1]:7")
        #expect(Endpoint(host: "10.0.0.5", port: 7).description == "10.0.0.5:7")
    }
}
