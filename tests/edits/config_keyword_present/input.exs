import Config

config :ash, include_embedded_source_by_default?: true
