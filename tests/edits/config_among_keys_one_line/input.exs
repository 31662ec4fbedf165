import Config

config :shop, ecto_repos: [Shop.Repo], ash_domains: [Shop.Accounts], generators: [binary_id: true]
