package io.brook.core.config;

/** One entry of listeners / advertised.listeners: NAME://host:port. An empty host means all interfaces. */
public record Listener(String name, String host, int port) {

    public static Listener parse(String key, String spec) {
        int sep = spec.indexOf("://");
        int colon = spec.lastIndexOf(':');
        if (sep <= 0 || colon <= sep + 2) {
            throw new ConfigException(key, "Invalid listener '" + spec + "' in '" + key
                    + "': expected NAME://host:port, e.g. PLAINTEXT://127.0.0.1:9092");
        }
        String host = spec.substring(sep + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(spec.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new Listener(spec.substring(0, sep).toUpperCase(), host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "Invalid port in listener '" + spec + "' of '" + key + "'");
        }
    }

    public boolean bindsAllInterfaces() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }

    @Override
    public String toString() {
        return name + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
