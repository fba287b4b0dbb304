using Microsoft.AspNetCore.StaticFiles;

namespace CodeInterpreter.Files;

/// <summary>MIME types of stored files, from the extension of their original name.</summary>
internal static class ContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider _provider = CreateProvider();

    public static string FromName(string name) =>
        _provider.TryGetContentType(name, out var contentType) ? contentType : Fallback;

    private static FileExtensionContentTypeProvider CreateProvider()
    {
        var provider = new FileExtensionContentTypeProvider();
        // Source and data files a code interpreter produces that the web table lacks or maps to media types
        // (".ts" is MPEG transport stream there, but TypeScript here).
        provider.Mappings[".py"] = "text/x-python";
        provider.Mappings[".ts"] = "text/x-typescript";
        provider.Mappings[".r"] = "text/x-r";
        provider.Mappings[".md"] = "text/markdown";
        provider.Mappings[".yaml"] = "application/yaml";
        provider.Mappings[".yml"] = "application/yaml";
        provider.Mappings[".jsonl"] = "application/jsonl";
        provider.Mappings[".ipynb"] = "application/x-ipynb+json";
        provider.Mappings[".parquet"] = "application/vnd.apache.parquet";
        return provider;
    }
}
