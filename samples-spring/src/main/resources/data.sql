-- accounts 1..10 carry the money the load moves around; 101 and 102 are where the transaction
-- traps are shown with their bug left in (their sum is allowed to change)
INSERT INTO accounts (id, owner, balance) VALUES
    (1, 'ada', 1000), (2, 'bob', 1000), (3, 'cy', 1000), (4, 'di', 1000), (5, 'ed', 1000),
    (6, 'flo', 1000), (7, 'gus', 1000), (8, 'hal', 1000), (9, 'ivy', 1000), (10, 'jo', 1000),
    (101, 'trap-a', 1000), (102, 'trap-b', 1000);
