package io.brook.core.config;

/** Value types of Kafka configuration entries, as DescribeConfigs reports them. */
public enum ConfigType {
    BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD
}
