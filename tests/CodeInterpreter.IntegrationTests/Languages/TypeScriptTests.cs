namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>TypeScript as models write it: types, both module styles, top-level await.</summary>
[Collection(ServiceCollection.Name)]
public sealed class TypeScriptTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [LanguageTheory]
    [InlineData("import * as fs from 'fs';", "fs.writeFileSync", "fs.readFileSync")]
    [InlineData("import fs from 'fs';", "fs.writeFileSync", "fs.readFileSync")]
    [InlineData("import { readFileSync, writeFileSync } from 'node:fs';", "writeFileSync", "readFileSync")]
    [InlineData("const fs = require('fs');", "fs.writeFileSync", "fs.readFileSync")]
    public async Task Exec_ModuleStyle_Works(string import, string write, string read)
    {
        var code = $$"""
            {{import}}
            const path: string = 'note.txt';
            {{write}}(path, 'written via ts');
            const text: string = {{read}}(path, 'utf8');
            console.log(text);
            """;

        var reply = await ExecAsync(code);

        reply.AssertRan("written via ts\n");
        Assert.Equal("note.txt", Assert.Single(reply.Files())?.Str("name"));
    }

    [LanguageFact]
    public async Task Exec_TopLevelAwait_Works()
    {
        const string Code = """
            import { promises as fsp } from 'fs';

            const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
            await wait(20);
            await fsp.writeFile('awaited.txt', 'done');
            const text: string = await fsp.readFile('awaited.txt', 'utf8');
            console.log(`after await: ${text}`);
            """;

        var reply = await ExecAsync(Code);

        reply.AssertRan("after await: done\n");
    }

    [LanguageFact]
    public async Task Exec_TypesInterfacesEnumsGenericsClasses_Work()
    {
        const string Code = """
            enum Direction { Up = 1, Down, Left, Right }
            enum Color { Red = 'RED', Green = 'GREEN' }

            interface Shape {
                name: string;
                area(): number;
            }

            type Pair<T> = [T, T];

            class Square implements Shape {
                constructor(private readonly side: number, public name: string = 'square') {}
                area(): number { return this.side * this.side; }
            }

            function first<T>(pair: Pair<T>): T { return pair[0]; }

            const shapes: Shape[] = [new Square(3)];
            const maybe: string | undefined = undefined;
            console.log(Direction.Down, Direction[3], Color.Green);
            console.log(shapes.map((s) => `${s.name}=${s.area()}`).join(','));
            console.log(first<string>(['a', 'b']), maybe ?? 'fallback');
            """;

        var reply = await ExecAsync(Code);

        reply.AssertRan("2 Left GREEN\nsquare=9\na fallback\n");
    }

    [LanguageFact]
    public async Task Exec_ProcessArgv_SkipsNodeAndScript()
    {
        const string Code = "const args: string[] = process.argv.slice(2); console.log(args.length, args.join('|'));";
        await LanguageAvailability.RequireAsync(Client, "ts");
        var body = ServiceApi.ExecBody("ts", Code);
        body["args"] = new JsonArray("one", "two words");

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("2 one|two words\n");
    }

    private async Task<JsonObject> ExecAsync(string code)
    {
        await LanguageAvailability.RequireAsync(Client, "ts");
        return await Client.ExecAsync("ts", code);
    }
}
