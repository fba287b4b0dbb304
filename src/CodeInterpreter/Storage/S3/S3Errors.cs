using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace CodeInterpreter.Storage.S3;

/// <summary>Sorts the SDK's failures: absence (null results), unavailability (503) and everything else.</summary>
internal static class S3Errors
{
    public static bool IsNotFound(Exception e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s3 && s3.ErrorCode != "NoSuchBucket";

    /// <summary>
    /// Why the store counts as unavailable, in words safe for a client (no endpoint, no key), or null when the
    /// failure is the caller's (its own cancellation) or a plain bug to surface as it is.
    /// </summary>
    public static string? UnavailableReason(Exception e, CancellationToken callerToken)
    {
        if (e is OperationCanceledException)
        {
            return callerToken.IsCancellationRequested ? null : "the store did not answer in time";
        }
        if (e is AmazonS3Exception { ErrorCode: "NoSuchBucket" })
        {
            return "the bucket does not exist";
        }
        if (e is AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized })
        {
            return "the store refused the credentials";
        }
        if (e is AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } service)
        {
            return $"the store answered {(int)service.StatusCode}";
        }
        if (e is AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return "the store is throttling requests";
        }
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException or SocketException or IOException or TimeoutException)
            {
                return "the store cannot be reached";
            }
        }
        return e is AmazonServiceException { StatusCode: 0 } ? "the store cannot be reached" : null;
    }
}
