package org.acoustid.server.api.v2;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.acoustid.server.config.ClusterSettings;
import org.acoustid.server.db.AccountRepository;
import org.acoustid.server.db.ApiKeyCache;
import org.acoustid.server.db.ApplicationRepository;
import org.acoustid.server.db.DemoKey;
import org.acoustid.server.db.LookupStatsRepository;
import org.acoustid.server.db.LookupStatsRepository.DailyLookups;

/**
 * {@code /v2/internal/*} (specification §4.10), the cluster's own API: replicas forward usage
 * statistics to the master, the website manages accounts and applications. Every call needs {@code
 * secret} equal to the configured {@code [cluster] secret} (none configured: every call is
 * refused); the two statistics writes run on the master only. Both refusals are error 12.
 *
 * <p>Order within a call: parameters are read (only {@code update_application_status} can fail
 * here, with 17), the rate limiter counts the request against the <em>target</em> application
 * ({@code application_id}) unless the secret is given (§3.4), then the secret and the role are
 * checked, then the required parameters (2; a malformed date or hour is 5, as §2.5 says), then the
 * work is done. A refused call changes nothing.
 */
public final class InternalEndpoint {
  static final int DEFAULT_STATS_DAYS = 30;

  private final DataSource db;
  private final ApiKeyCache keys;
  private final ClusterSettings cluster;

  /**
   * @param keys for the demo key of {@code check_application} (null: none)
   */
  public InternalEndpoint(DataSource db, ClusterSettings cluster, ApiKeyCache keys) {
    this.keys = keys;
    this.db = db;
    this.cluster = cluster;
  }

  /** Handles {@code /v2/internal/<name>}; null when there is no such endpoint. */
  public Map<String, Object> handle(
      String name,
      Function<String, String> first,
      Function<String, List<String>> all,
      Throttle throttle)
      throws Exception {
    Call call = new Call(first, throttle);
    return switch (name) {
      case "update_lookup_stats" -> updateLookupStats(call);
      case "update_user_agent_stats" -> updateUserAgentStats(call);
      case "lookup_stats" -> lookupStats(call, all.apply("client"));
      case "create_account" -> createAccount(call);
      case "create_application" -> createApplication(call);
      case "update_application_status" -> updateApplicationStatus(call);
      case "check_application" -> checkApplication(call);
      default -> null;
    };
  }

  /** The parameters of one call and its admission (rate limit, secret, role). */
  private final class Call {
    private final Function<String, String> first;
    private final Throttle throttle;

    Call(Function<String, String> first, Throttle throttle) {
      this.first = first;
      this.throttle = throttle;
    }

    String text(String name) {
      return first.apply(name);
    }

    Integer integer(String name) {
      return SubmitEndpoint.integer(first.apply(name));
    }

    /** Rate limit (against {@code applicationId}), then secret, then, if asked, the master role. */
    void admit(Integer applicationId, boolean masterOnly) throws ApiException {
      throttle.admit(applicationId);
      if (!cluster.acceptsSecret(first.apply("secret")) || (masterOnly && !cluster.isMaster())) {
        throw new ApiException(ApiError.notAllowed());
      }
    }

    int requiredInt(String name) throws ApiException {
      return required(integer(name), name);
    }

    String requiredText(String name) throws ApiException {
      return required(text(name), name);
    }

    LocalDate requiredDate(String name) throws ApiException {
      return required(date(name), name);
    }

    /** {@code value}, which is parameter {@code name}; absent (null) → 2. */
    private static <T> T required(T value, String name) throws ApiException {
      if (value == null) {
        throw new ApiException(ApiError.missingParameter(name));
      }
      return value;
    }

    /** A {@code YYYY-MM-DD} date: absent or empty → null, malformed → 5 (§2.5). */
    LocalDate date(String name) throws ApiException {
      String value = first.apply(name);
      if (value == null || value.isEmpty()) {
        return null;
      }
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new ApiException(ApiError.internal());
      }
    }
  }

  private Map<String, Object> updateLookupStats(Call call) throws Exception {
    call.admit(call.integer("application_id"), true);
    int applicationId = call.requiredInt("application_id");
    LocalDate date = call.requiredDate("date");
    int hour = call.requiredInt("hour");
    if (hour < 0 || hour > 23) {
      throw new ApiException(ApiError.internal()); // a malformed time, like a malformed date
    }
    boolean hit = "hit".equals(call.text("type"));
    int count = call.requiredInt("count");
    if (!new LookupStatsRepository(db)
        .addLookups(applicationId, date, hour, hit ? count : 0, hit ? 0 : count)) {
      throw new ApiException(ApiError.unknownApplication());
    }
    return Map.of();
  }

  private Map<String, Object> updateUserAgentStats(Call call) throws Exception {
    call.admit(call.integer("application_id"), true);
    int applicationId = call.requiredInt("application_id");
    LocalDate date = call.requiredDate("date");
    String userAgent = call.requiredText("user_agent");
    String ip = call.requiredText("ip");
    int count = call.requiredInt("count");
    if (!new LookupStatsRepository(db).addUserAgent(applicationId, date, userAgent, ip, count)) {
      throw new ApiException(ApiError.unknownApplication());
    }
    return Map.of();
  }

  /**
   * Lookups per day of the applications whose keys are given: by default the {@code days} (30) days
   * before today; {@code from} and {@code to} (both included) replace either end.
   */
  private Map<String, Object> lookupStats(Call call, List<String> clients) throws Exception {
    call.admit(null, false);
    ApplicationRepository applications = new ApplicationRepository(db);
    List<Integer> ids = new ArrayList<>();
    for (String key : clients) {
      applications.findActiveByApiKey(key).ifPresent(app -> ids.add(app.id()));
    }
    if (ids.isEmpty()) {
      throw new ApiException(ApiError.invalidApiKey());
    }
    LocalDate today = LocalDate.now();
    Integer days = call.integer("days");
    LocalDate from = call.date("from");
    LocalDate to = call.date("to");
    if (from == null) {
      from =
          today.minusDays((days == null ? DEFAULT_STATS_DAYS : days) - 1L); // date > today - days
    }
    if (to == null) {
      to = today.minusDays(1); // date < today
    }
    List<Map<String, Object>> stats = new ArrayList<>();
    for (DailyLookups day : new LookupStatsRepository(db).daily(ids, from, to)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("date", day.date().toString());
      item.put("count_hits", day.hits());
      item.put("count_nohits", day.misses());
      item.put("count", day.hits() + day.misses());
      stats.add(item);
    }
    return Map.of("stats", stats);
  }

  private Map<String, Object> createAccount(Call call) throws Exception {
    call.admit(null, false);
    var account = new AccountRepository(db).create("External User");
    return Map.of("id", account.id(), "api_key", account.apiKey());
  }

  private Map<String, Object> createApplication(Call call) throws Exception {
    call.admit(null, false);
    int accountId = call.requiredInt("account_id");
    String name = call.requiredText("name");
    String version = call.requiredText("version");
    if (name.isEmpty()) {
      throw new ApiException(ApiError.missingParameter("name"));
    }
    try {
      var app = new ApplicationRepository(db).create(name, version, accountId);
      return Map.of("id", app.id(), "api_key", app.apiKey());
    } catch (java.sql.SQLException e) {
      if ("23503".equals(e.getSQLState())) { // no such account: no code of its own (§2.5)
        throw new ApiException(ApiError.internal());
      }
      throw e;
    }
  }

  /**
   * Enables or disables an application of an account. Ownership is checked first, before the secret
   * (17). {@code active}: empty, {@code 0} and {@code false} disable, anything else enables (quirk
   * Q11 fixed).
   */
  private Map<String, Object> updateApplicationStatus(Call call) throws Exception {
    Integer accountId = call.integer("account_id");
    Integer applicationId = call.integer("application_id");
    ApplicationRepository applications = new ApplicationRepository(db);
    if (accountId == null
        || applicationId == null
        || applications.findOwned(accountId, applicationId).isEmpty()) {
      throw new ApiException(ApiError.unknownApplication());
    }
    call.admit(applicationId, false);
    String value = call.text("active");
    boolean active =
        value != null && !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("false");
    applications.setActive(applicationId, active);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", applicationId);
    out.put("active", active);
    return out;
  }

  /**
   * The id of the active application with key {@code api_key}, or the demo key's application (§3.1,
   * uncached: the website checks keys it just changed), else 4.
   */
  private Map<String, Object> checkApplication(Call call) throws Exception {
    call.admit(null, false);
    String key = call.text("api_key");
    ApplicationRepository apps = new ApplicationRepository(db);
    var app =
        key == null || key.isEmpty()
            ? java.util.Optional.<ApplicationRepository.Application>empty()
            : apps.findActiveByApiKey(key);
    if (app.isEmpty() && keys != null && keys.isDemoKey(key)) {
      app = apps.findActive(DemoKey.APPLICATION_ID);
    }
    return Map.of("id", app.orElseThrow(() -> new ApiException(ApiError.invalidApiKey())).id());
  }
}
