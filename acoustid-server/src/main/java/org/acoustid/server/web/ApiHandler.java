package org.acoustid.server.web;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.acoustid.server.api.v2.ApiError;
import org.acoustid.server.api.v2.ApiException;
import org.acoustid.server.api.v2.ApiVersion;
import org.acoustid.server.api.v2.InternalEndpoint;
import org.acoustid.server.api.v2.LookupCounting;
import org.acoustid.server.api.v2.LookupEndpoint;
import org.acoustid.server.api.v2.ResponseFormat;
import org.acoustid.server.api.v2.SubmitEndpoint;
import org.acoustid.server.api.v2.Throttle;
import org.acoustid.server.api.v2.TrackListEndpoint;
import org.acoustid.server.api.v2.UserEndpoint;
import org.acoustid.server.ratelimit.RateLimiter;
import org.acoustid.server.stats.LookupCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API front: path normalisation, parameters from query string and form body (gzip accepted),
 * the 1 MiB limit, format negotiation, the envelope and CORS, with blocking database work on
 * virtual threads; routes API v2 (with {@code /v2/internal/*}), the v1 routes {@code /lookup} and
 * {@code /submit} (always XML) and the health checks. Unknown paths answer a plain 404.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final DataSource db;
  private final ApiServices services;
  private final Executor workers;

  ApiHandler(ApiServices services, Executor workers) {
    this.db = services.db();
    this.services = services;
    this.workers = workers;
  }

  /**
   * Thrown for answers that are plain HTTP, not the API envelope (bad gzip, oversized compressed
   * body).
   */
  private static final class PlainHttpError extends Exception {
    final HttpResponseStatus status;

    PlainHttpError(HttpResponseStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    byte[] body = new byte[request.content().readableBytes()];
    request.content().readBytes(body);
    Request r =
        new Request(
            request.method(),
            request.uri(),
            request.headers().get(HttpHeaderNames.CONTENT_ENCODING),
            HttpUtil.getContentLength(request, -1L),
            body,
            clientIp(request.headers().get("X-Forwarded-For"), ctx),
            request.headers().get(HttpHeaderNames.USER_AGENT),
            https(request.headers().get("X-Forwarded-Proto")));
    workers.execute(() -> respond(ctx, keepAlive, handle(r)));
  }

  /**
   * One request as the handler sees it: the client address and whether it came over HTTPS are
   * already decided from the proxy headers (§2.6).
   */
  record Request(
      HttpMethod method,
      String uri,
      String contentEncoding,
      long declaredLength,
      byte[] body,
      String clientIp,
      String userAgent,
      boolean https) {}

  /**
   * Whether the request counts as HTTPS (§2.6): this server speaks plain HTTP behind a TLS proxy,
   * so it is the {@code X-Forwarded-Proto} value of the one trusted proxy hop (the last one, which
   * that proxy appended), compared case-insensitively.
   */
  static boolean https(String forwardedProto) {
    if (forwardedProto == null) {
      return false;
    }
    String[] hops = forwardedProto.split(",");
    return hops[hops.length - 1].strip().equalsIgnoreCase("https");
  }

  /** The left-most X-Forwarded-For address (one trusted proxy hop, §2.6), else the peer. */
  static String clientIp(String forwardedFor, ChannelHandlerContext ctx) {
    if (forwardedFor != null && !forwardedFor.isBlank()) {
      return forwardedFor.split(",")[0].strip();
    }
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : null;
  }

  /** Usage counters of one lookup request (nothing without Redis). */
  private LookupCounting counting(String userAgent, String clientIp) {
    LookupCounters counters = services.counters();
    if (counters == null) {
      return LookupCounting.NONE;
    }
    return (applicationId, hits) -> {
      java.time.LocalDateTime now = java.time.LocalDateTime.now();
      for (boolean hit : hits) {
        counters.lookup(applicationId, hit, now);
      }
      counters.userAgent(applicationId, userAgent, clientIp, now.toLocalDate());
    };
  }

  /** The rate-limit check of one request, skipped when it carries the cluster secret (§3.4). */
  private Throttle throttle(Parameters params, String clientIp) {
    RateLimiter limiter = services.rateLimiter();
    if (limiter == null || services.cluster().acceptsSecret(params.first("secret"))) {
      return Throttle.NONE;
    }
    return applicationId -> {
      var rejection = limiter.check(applicationId, clientIp);
      if (rejection.isPresent()) {
        services.metrics().rateLimited(rejection.get().bucket());
        throw new ApiException(ApiError.tooManyRequests(rejection.get().requestsPerSecond()));
      }
    };
  }

  record Answer(HttpResponseStatus status, String contentType, String body) {}

  Answer handle(Request request) {
    long start = System.nanoTime();
    String path = normalise(request.uri());
    Answer answer = dispatch(request, path);
    if (path.startsWith("/v2/") || LEGACY.containsKey(path)) {
      services
          .metrics()
          .request(handlerName(path), answer.status().code(), System.nanoTime() - start);
    }
    return answer;
  }

  /** The API v1 routes (§5), answered by the v2 endpoints in their v1 form, always in XML. */
  private static final Map<String, String> LEGACY =
      Map.of("/lookup", "/v2/lookup", "/submit", "/v2/submit");

  private static final String INTERNAL = "/v2/internal/";

  /** The upstream handler names, used as the {@code request} label of the metrics. */
  static String handlerName(String path) {
    return switch (path) {
      case "/v2/lookup", "/lookup" -> "LookupHandler";
      case "/v2/submit", "/submit" -> "SubmitHandler";
      case "/v2/submission_status" -> "SubmissionStatusHandler";
      case "/v2/fingerprint" -> "FingerprintHandler";
      case "/v2/track/list_by_mbid" -> "TrackListByMBIDHandler";
      case "/v2/track/list_by_puid" -> "TrackListByPUIDHandler";
      case "/v2/user/lookup" -> "UserLookupHandler";
      case "/v2/user/create_anonymous" -> "UserCreateAnonymousHandler";
      case "/v2/user/create_musicbrainz" -> "UserCreateMusicBrainzHandler";
      case "/v2/internal/update_lookup_stats" -> "UpdateLookupStatsHandler";
      case "/v2/internal/update_user_agent_stats" -> "UpdateUserAgentStatsHandler";
      case "/v2/internal/lookup_stats" -> "LookupStatsHandler";
      case "/v2/internal/create_account" -> "CreateAccountHandler";
      case "/v2/internal/create_application" -> "CreateApplicationHandler";
      case "/v2/internal/update_application_status" -> "UpdateApplicationStatusHandler";
      case "/v2/internal/check_application" -> "CheckApplicationHandler";
      default -> "NotFound";
    };
  }

  private Answer dispatch(Request request, String path) {
    Parameters params;
    String form;
    ResponseFormat format = ResponseFormat.JSON;
    String callback = null;
    String legacy = LEGACY.get(path);
    try {
      form =
          request.method().equals(HttpMethod.GET)
              ? null
              : decodeBody(request.body(), request.contentEncoding(), request.declaredLength());
    } catch (PlainHttpError e) {
      return new Answer(e.status, "text/plain; charset=UTF-8", e.getMessage() + "\n");
    } catch (ApiException e) {
      return envelope(legacy != null ? ResponseFormat.XML : ResponseFormat.JSON, null, e.error());
    }
    params = Parameters.of(request.uri(), form);
    try {
      switch (path) {
        case "/_health" -> {
          if (services.cluster().isMaster() == false) {
            return plain(HttpResponseStatus.SERVICE_UNAVAILABLE, "not the master server");
          }
          return shuttingDown() ? shutdownAnswer() : plain(HttpResponseStatus.OK, "ok");
        }
        case "/_health_ro", "/_health_docker" -> {
          return shuttingDown() ? shutdownAnswer() : plain(HttpResponseStatus.OK, "ok");
        }
        case "/_metrics" -> {
          return new Answer(
              HttpResponseStatus.OK,
              "text/plain; version=0.0.4; charset=utf-8",
              services.metrics().render());
        }
        default -> {}
      }
      if (legacy != null) {
        format = ResponseFormat.XML; // v1 answers XML; its format.N is the submitted file format
      } else {
        format = ResponseFormat.parse(params.first("format"));
        callback = params.first("jsoncallback");
        if (format == null) {
          format = ResponseFormat.JSON;
          throw new ApiException(ApiError.unknownFormat(params.first("format")));
        }
      }
      Throttle throttle = throttle(params, request.clientIp());
      String route = legacy != null ? legacy : path;
      if (route.startsWith("/v2/")
          && !route.equals("/v2/lookup")
          && !route.equals("/v2/submit")
          && !route.startsWith(INTERNAL)) {
        // lookup and submit count after parsing, with their application; internal calls with the
        // application they act on
        throttle.admit(null);
      }
      ApiVersion version = legacy != null ? ApiVersion.V1 : ApiVersion.V2;
      Map<String, Object> result =
          switch (route) {
            case "/v2/user/lookup" -> new UserEndpoint(db).lookup(params.first("user"));
            case "/v2/user/create_anonymous" ->
                new UserEndpoint(db)
                    .createAnonymous(
                        params.first("client"), params.first("clientversion"), request.clientIp());
            case "/v2/user/create_musicbrainz" ->
                new UserEndpoint(db)
                    .createMusicBrainz(
                        params.first("access_token"),
                        request.https(),
                        request.clientIp(),
                        services.musicBrainz());
            case "/v2/fingerprint" -> fingerprint(params);
            case "/v2/lookup" ->
                new LookupEndpoint(
                        services.keys(),
                        db,
                        services.searcher(),
                        services.metrics(),
                        services.tasks())
                    .lookup(
                        version,
                        params::first,
                        params.names(),
                        throttle,
                        counting(request.userAgent(), request.clientIp()));
            case "/v2/submit" -> submit(version, params, throttle);
            case "/v2/submission_status" ->
                new SubmitEndpoint(db, services.keys()).status(params::first, params.all("id"));
            case "/v2/track/list_by_mbid" ->
                new TrackListEndpoint(db)
                    .listByMbid(
                        params.all("mbid"), params.integer("disabled"), params.integer("batch"));
            case "/v2/track/list_by_puid" ->
                new TrackListEndpoint(db).listByPuid(params.first("puid"));
            default ->
                route.startsWith(INTERNAL)
                    ? new InternalEndpoint(db, services.cluster(), services.keys())
                        .handle(
                            route.substring(INTERNAL.length()),
                            params::first,
                            params::all,
                            throttle)
                    : null;
          };
      if (result == null) {
        return plain(HttpResponseStatus.NOT_FOUND, "Not Found\n");
      }
      return new Answer(HttpResponseStatus.OK, format.contentType(), format.ok(result, callback));
    } catch (ApiException e) {
      services.metrics().handledError(handlerName(path), e.error().code().code());
      return envelope(format, callback, e.error());
    } catch (Exception e) {
      // the path only: query strings carry secrets and access tokens
      log.error("{} {} failed", request.method(), path, e);
      services.metrics().unhandledError(handlerName(path), cause(e));
      return envelope(format, callback, ApiError.internal());
    }
  }

  private Map<String, Object> submit(ApiVersion version, Parameters params, Throttle throttle)
      throws Exception {
    Map<String, Object> submitted =
        new SubmitEndpoint(db, services.keys())
            .submit(version, params::first, params::all, params.names(), throttle);
    List<Integer> ids = new java.util.ArrayList<>();
    if (submitted.get("submissions") instanceof List<?> rows) {
      for (Object row : rows) {
        if (row instanceof Map<?, ?> m && m.get("id") instanceof Integer id) {
          ids.add(id);
        }
      }
      services.metrics().newSubmissions(rows.size());
    }
    services.submitted().accept(ids);
    return submitted;
  }

  private boolean shuttingDown() {
    return services.shutdown() != null && services.shutdown().present();
  }

  private static Answer shutdownAnswer() {
    return plain(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutdown in process");
  }

  private static Answer plain(HttpResponseStatus status, String body) {
    return new Answer(status, "text/plain; charset=UTF-8", body);
  }

  /** The {@code cause} label of an unhandled error. */
  static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException) {
        return "postgres";
      }
      if (t.getClass().getName().startsWith("io.lettuce")) {
        return "redis";
      }
    }
    return "unknown";
  }

  private static Answer envelope(ResponseFormat format, String callback, ApiError error) {
    return new Answer(
        HttpResponseStatus.valueOf(error.code().httpStatus()),
        format.contentType(),
        format.error(error, callback));
  }

  /** Collapses runs of {@code /} and drops a trailing one (§2.1). */
  static String normalise(String uri) {
    int q = uri.indexOf('?');
    String path = (q < 0 ? uri : uri.substring(0, q)).replaceAll("/{2,}", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String decodeBody(byte[] body, String contentEncoding, long declaredLength)
      throws PlainHttpError, ApiException {
    if (body.length == 0) {
      return null;
    }
    byte[] plain = body;
    if ("gzip".equalsIgnoreCase(contentEncoding)) {
      if (declaredLength > MAX_BODY_BYTES) {
        throw new PlainHttpError(HttpResponseStatus.BAD_REQUEST, "compressed body over 1 MiB");
      }
      try (InputStream in =
          new GZIPInputStream(new ByteBufInputStream(Unpooled.wrappedBuffer(body)))) {
        plain = in.readNBytes(MAX_BODY_BYTES + 1);
      } catch (IOException e) {
        throw new PlainHttpError(HttpResponseStatus.BAD_REQUEST, "corrupt gzip body");
      }
    }
    if (plain.length > MAX_BODY_BYTES) {
      throw new ApiException(ApiError.requestTooLarge());
    }
    return new String(plain, StandardCharsets.UTF_8);
  }

  private Map<String, Object> fingerprint(Parameters params) throws Exception {
    Integer id = params.integer("id");
    if (id == null || id == 0) {
      throw new ApiException(ApiError.missingParameter("id"));
    }
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT fingerprint, length FROM fingerprint WHERE id = ?")) {
      st.setInt(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next() == false) {
          throw new ApiException(ApiError.fingerprintNotFound());
        }
        Integer[] hashes = (Integer[]) rs.getArray(1).getArray();
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("id", id);
        fp.put("hashes", List.of(hashes));
        fp.put("duration", rs.getInt(2));
        return Map.of("fingerprint", fp);
      }
    }
  }

  private static void respond(ChannelHandlerContext ctx, boolean keepAlive, Answer answer) {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, answer.status(), Unpooled.wrappedBuffer(bytes));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (keepAlive == false) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
