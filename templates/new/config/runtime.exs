import Config
{$ import "new/macros.j2" as m $}

# Runs at boot in every environment, releases included: the place for
# values that come from the environment. Production secrets are never
# written in this repository; they are read here.

# Releases start the web server only when PHX_SERVER is set.
if System.get_env("PHX_SERVER") do
{= m.config("config :" ~ app ~ ", " ~ web_module ~ ".Endpoint", "server: true", "  ") =}end

{= m.config("config :" ~ app ~ ", " ~ web_module ~ ".Endpoint", "http: [port: String.to_integer(System.get_env(\"PORT\", \"4000\"))]") =}
if config_env() == :prod do
{$ if postgres $}
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  maybe_ipv6 = if System.get_env("ECTO_IPV6") in ~w(true 1), do: [:inet6], else: []

  config :{= app =}, {= repo =},
    url: database_url,
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
    socket_options: maybe_ipv6
{$ else $}
  database_path =
    System.get_env("DATABASE_PATH") ||
      raise """
      environment variable DATABASE_PATH is missing.
      For example: /data/{= app =}.db
      """

  config :{= app =}, {= repo =},
    database: database_path,
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "5")
{$ endif $}

  # Signs and encrypts cookies and tokens. Generate one with
  # `mix phx.gen.secret` and keep it out of version control.
  secret_key_base =
    System.get_env("SECRET_KEY_BASE") ||
      raise """
      environment variable SECRET_KEY_BASE is missing.
      You can generate one by calling: mix phx.gen.secret
      """

  host = System.get_env("PHX_HOST") || "example.com"

  config :{= app =}, :dns_cluster_query, System.get_env("DNS_CLUSTER_QUERY")

  config :{= app =}, {= web_module =}.Endpoint,
    url: [host: host, port: 443, scheme: "https"],
    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}],
    secret_key_base: secret_key_base

  # Production needs a real mail adapter, for example:
  #
  #     config :{= app =}, {= module =}.Mailer,
  #       adapter: Swoosh.Adapters.Mailgun,
  #       api_key: System.get_env("MAILGUN_API_KEY"),
  #       domain: System.get_env("MAILGUN_DOMAIN")
end
