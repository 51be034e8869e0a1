CREATE TABLE accounts (
    id      BIGINT PRIMARY KEY,
    owner   VARCHAR(40) NOT NULL,
    balance BIGINT NOT NULL CHECK (balance >= 0)
);
CREATE TABLE transfers (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    from_id   BIGINT NOT NULL,
    to_id     BIGINT NOT NULL,
    amount    BIGINT NOT NULL,
    memo      VARCHAR(200)
);
