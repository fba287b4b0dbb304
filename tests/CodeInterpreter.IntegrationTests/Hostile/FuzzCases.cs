using System.Text;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>One odd request: what it is, and how to build it (a request can be sent only once).</summary>
internal sealed record FuzzCase(string Label, Func<HttpRequestMessage> Build);

/// <summary>
/// Odd values for every field of every route: wrong JSON types, huge and negative numbers, NaN-ish strings, deep
/// nesting, odd Unicode, empty and oversized strings, broken multipart bodies, odd query strings, ids and methods.
/// </summary>
internal static class FuzzCases
{
    /// <summary>JSON values, as text, that no field expects.</summary>
    public static readonly string[] OddJson =
    [
        "null", "true", "false", "0", "-1", "-0", "1.5", "1e308", "-1e308", "1e-320", "9223372036854775808",
        "123456789012345678901234567890", "\"\"", "\" \"", "\"NaN\"", "\"Infinity\"", "\"-1\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\u202e\\u200b\"", "\"\\ud83d\\ude00\"", "\"../../../etc/passwd\"", "\"%00%2F..\"", $"\"{new string('x', 200_000)}\"",
        "[]", "{}", "[null]", "[{}]", "[1,\"a\",null,{}]", $"[\"{new string('y', 40_000)}\"]", Nested("[", "]", 70),
        Nested("{\"a\":", "}", 70), $"[{string.Join(',', Enumerable.Repeat("\"a\"", 1000))}]",
    ];

    private static readonly string[] s_execFields = ["lang", "code", "args", "files", "session_id", "user_id", "timeout", "entity_id", "unknown_field"];
    private static readonly string[] s_refFields = ["id", "session_id", "storage_session_id", "name"];

    public static readonly string[] OddIds =
    [
        "", "a", "aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaa", "%00", "%2e%2e", "..%2F..%2Fetc", "%ZZ", "%E0%A4%A", "%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9a",
        "aaaaaaaaaaaaaaaaaaaa%E2%80%AE", new string('a', 3000), "%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80aaaaaaaaaaa", "null", "-1",
    ];

    private static readonly string[] s_oddQueries =
    [
        "?", "?%", "?a=%ZZ", "?=&&==", "?detail=", "?detail=SIMPLE", "?detail=%00", "?detail=%E0%A4%A", "?detail=simple&detail=full",
        "?detail[]=1", $"?detail={new string('d', 6000)}", "?detail=normalized&entity_id=%FF&kind=%00&id=..&version=-1e308",
    ];

    public static IEnumerable<FuzzCase> Exec(string canarySession, string canaryId)
    {
        const string baseBody = "{\"lang\":\"bash\",\"code\":\"true\"}";
        foreach (var field in s_execFields)
        {
            foreach (var value in OddJson)
            {
                yield return Json($"exec {field}={Clip(value)}", HttpMethod.Post, "exec", baseBody[..^1] + $",\"{field}\":{value}}}");
            }
        }
        foreach (var field in s_refFields)
        {
            foreach (var value in OddJson)
            {
                var reference = $"{{\"id\":\"{canaryId}\",\"session_id\":\"{canarySession}\",\"name\":\"canary.bin\",\"{field}\":{value}}}";
                yield return Json($"exec files[0].{field}={Clip(value)}", HttpMethod.Post, "exec", baseBody[..^1] + $",\"files\":[{reference}]}}");
            }
        }
        foreach (var (label, contentType) in new[] { ("utf-16", "application/json; charset=utf-16"), ("text", "text/plain"), ("odd", "application/json; charset=\"") })
        {
            yield return new FuzzCase($"exec content-type {label}", () => new HttpRequestMessage(HttpMethod.Post, "exec")
            {
                Content = Raw(Encoding.Unicode.GetBytes(baseBody), contentType),
            });
        }
        yield return Json("exec empty body", HttpMethod.Post, "exec", "");
        yield return Json("exec body of NULs", HttpMethod.Post, "exec", new string('\0', 1000));
    }

    public static IEnumerable<FuzzCase> Upload()
    {
        const string part = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n";
        var bodies = new Dictionary<string, string>
        {
            ["empty"] = "",
            ["only the close"] = "--x--\r\n",
            ["truncated"] = part[..^5],
            ["no close"] = part,
            ["no disposition"] = "--x\r\nContent-Type: text/plain\r\n\r\nabc\r\n--x--\r\n",
            ["attachment"] = "--x\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\nabc\r\n--x--\r\n",
            ["bad filename*"] = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%ZZ%E0%A4\r\n\r\nabc\r\n--x--\r\n",
            ["empty filename"] = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\nabc\r\n--x--\r\n",
            ["long filename"] = $"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('f', 3000)}\"\r\n\r\nabc\r\n--x--\r\n",
            ["20 KB part header"] = $"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nX-Pad: {new string('p', 20_000)}\r\n\r\nabc\r\n--x--\r\n",
            ["101 files"] = string.Concat(Enumerable.Repeat(part, 101)) + "--x--\r\n",
            ["5 KB field"] = $"--x\r\nContent-Disposition: form-data; name=\"entity_id\"\r\n\r\n{new string('e', 5000)}\r\n" + part + "--x--\r\n",
            ["nested multipart"] = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.txt\"\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n\r\nin\r\n--y--\r\n--x--\r\n",
            ["unicode junk"] = "--x\r\nContent-Disposition: form-data; name=\"\u202e\"; filename=\"\ud83d\ude00\u0000.txt\"\r\n\r\nabc\r\n--x--\r\n",
        };
        var contentTypes = new[]
        {
            "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", $"multipart/form-data; boundary={new string('b', 300)}",
            "multipart/mixed; boundary=x", "application/json", "multipart/form-data; boundary=x; boundary=y",
        };
        foreach (var route in new[] { "upload", "upload/batch" })
        {
            foreach (var (label, body) in bodies)
            {
                yield return new FuzzCase($"{route} {label}", () => Form(route, Encoding.UTF8.GetBytes(body), "multipart/form-data; boundary=x"));
            }
            foreach (var contentType in contentTypes)
            {
                yield return new FuzzCase($"{route} content-type {Clip(contentType)}", () => Form(route, Encoding.UTF8.GetBytes(part + "--x--\r\n"), contentType));
            }
        }
    }

    public static IEnumerable<FuzzCase> Reads(string canarySession)
    {
        foreach (var id in OddIds)
        {
            foreach (var route in new[] { $"files/{id}", $"sessions/{id}/objects/{id}", $"download/{id}/{id}", $"download/{canarySession}/{id}" })
            {
                yield return new FuzzCase($"GET {Clip(route)}", () => new HttpRequestMessage(HttpMethod.Get, route));
            }
            foreach (var route in new[] { $"files/{id}/{id}", $"sessions/{id}/objects/{id}" })
            {
                yield return new FuzzCase($"DELETE {Clip(route)}", () => new HttpRequestMessage(HttpMethod.Delete, route));
            }
        }
        foreach (var query in s_oddQueries)
        {
            foreach (var route in new[] { $"files/{canarySession}", "health", "openapi.json", "metrics", $"v1/files/{canarySession}" })
            {
                yield return new FuzzCase($"GET {route}{Clip(query)}", () => new HttpRequestMessage(HttpMethod.Get, route + query));
            }
        }
        foreach (var method in new[] { "PUT", "PATCH", "OPTIONS", "TRACE", "FOO", "DELETE", "GET" })
        {
            foreach (var route in new[] { "exec", "upload", "health", "upload/batch", "exec/programmatic", "" })
            {
                yield return new FuzzCase($"{method} /{route}", () => new HttpRequestMessage(new HttpMethod(method), route));
            }
        }
    }

    /// <summary>Credentials in every odd shape; sent without the client's own key.</summary>
    public static IEnumerable<FuzzCase> Credentials(TestJwt jwt)
    {
        var signedOdd = new[]
        {
            Claims(("exp", 1e308)), Claims(("exp", "soon")), Claims(("iat", -1e308)), Claims(("iat", 1e308)), Claims(("nbf", "x")),
            Claims(("aud", Array.Empty<object>())), Claims(("iss", new Dictionary<string, object>())), Claims(("sub", new[] { 1, 2 })),
            Claims(("exp", long.MaxValue)), Claims(("iat", long.MinValue)),
        };
        var headers = new List<(string Name, string Value)>
        {
            ("X-API-Key", ""), ("X-API-Key", new string('k', 20_000)), ("X-API-Key", "\u00e9\u202e"),
            ("Authorization", "Bearer"), ("Authorization", "Bearer "), ("Authorization", "Bearer a.b.c"), ("Authorization", "Bearer ..."),
            ("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), ("Authorization", "Bearer " + string.Concat(Enumerable.Repeat("a.", 2))),
            ("Authorization", "Bearer eyJ.eyJ.x"), ("Authorization", "Bearer " + B64("{\"alg\":\"EdDSA\"") + "." + B64("[") + ".x"),
            ("Authorization", "Basic "), ("Authorization", "Basic ===="), ("Authorization", "Basic " + B64(":")), ("Authorization", "Basic " + B64("\u0000:")),
            ("Authorization", "Basic " + B64(new string(':', 1000))), ("Authorization", "Negotiate xyz"), ("Authorization", "Bearer " + new string('t', 17_000)),
        };
        headers.AddRange(signedOdd.SelectMany(c => new[] { ("Authorization", "Bearer " + jwt.EdDsa(c)), ("Authorization", "Bearer " + jwt.Rs256(c)) }));
        foreach (var (name, value) in headers)
        {
            foreach (var route in new[] { "files/aaaaaaaaaaaaaaaaaaaaa", "health" })
            {
                yield return new FuzzCase($"GET {route} {name}: {Clip(value)}", () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, route);
                    request.Headers.TryAddWithoutValidation(name, value);
                    return request;
                });
            }
        }
        yield return new FuzzCase("two X-API-Key headers", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "files/aaaaaaaaaaaaaaaaaaaaa");
            request.Headers.TryAddWithoutValidation("X-API-Key", ["a", "b"]);
            return request;
        });
    }

    private static Dictionary<string, object> Claims((string Name, object Value) odd)
    {
        var claims = TestJwt.Claims(DateTimeOffset.UtcNow);
        claims[odd.Name] = odd.Value;
        return claims;
    }

    private static FuzzCase Json(string label, HttpMethod method, string route, string json) =>
        new(label, () => new HttpRequestMessage(method, route) { Content = Raw(Encoding.UTF8.GetBytes(json), "application/json") });

    private static HttpRequestMessage Form(string route, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = Raw(body, contentType) };
        request.Headers.Add("User-Id", "user_fuzz");
        return request;
    }

    private static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Nested(string open, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + (open == "[" ? "" : "1") + string.Concat(Enumerable.Repeat(close, depth));

    private static string Clip(string text) => text.Length <= 40 ? text : $"{text[..40]}… ({text.Length} chars)";
}
